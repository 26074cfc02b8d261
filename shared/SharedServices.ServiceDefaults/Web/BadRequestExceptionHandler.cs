using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using SharedServices.Tenancy;

namespace SharedServices.Web;

/// <summary>
/// Turns what the framework throws for bad input (malformed or unknown JSON, oversized bodies) into
/// a 4xx problem that says what was wrong, instead of a bare status or a 500; a lost optimistic
/// concurrency race is a 409; a database out of reach for a moment (restarting, failing over) is a
/// 503 with Retry-After, so callers know to try again rather than that the request was wrong.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException { InnerException: JsonException json } =>
                (StatusCodes.Status400BadRequest, "Malformed JSON", Describe(json)),
            BadHttpRequestException bad =>
                (bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Request too large" : "Bad request", bad.Message),
            MissingTenantException => (StatusCodes.Status404NotFound, "No town in the address", exception.Message),
            // Optimistic concurrency (FetchForWriting, versioned documents): someone changed it first.
            JasperFx.ConcurrencyException => (StatusCodes.Status409Conflict, "Changed by someone else",
                "This record was changed by another request at the same time. Reload it and try again."),
            _ when Transient(exception) => (StatusCodes.Status503ServiceUnavailable, "Temporarily unavailable",
                "The service could not reach its database (it may be restarting). Try again in a few seconds."),
            _ => (0, "", ""),
        };
        if (status == 0)
        {
            return false;
        }
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            context.Response.Headers.RetryAfter = "5";
        }
        return await problems.TryWriteAsync(new()
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
            Exception = exception,
        });
    }

    /// <summary>A connection lost or refused, or PostgreSQL shutting down or starting (Npgsql's own judgement), however wrapped.</summary>
    private static bool Transient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { IsTransient: true })
            {
                return true;
            }
        }
        return false;
    }

    private static string Describe(JsonException json) =>
        json.Path is { Length: > 0 } path
            ? $"The JSON body is not valid at '{path}': {FirstSentence(json.Message)}"
            : $"The JSON body is not valid: {FirstSentence(json.Message)}";

    private static string FirstSentence(string message) =>
        message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].Trim();
}
