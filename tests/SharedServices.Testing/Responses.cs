using System.Net;
using System.Text.Json;
using Xunit;

namespace SharedServices.Testing;

/// <summary>Assertions on a service's answers, shared by the API tests (<c>using static SharedServices.Testing.Responses;</c>).</summary>
public static class Responses
{
    /// <summary>Asserts <paramref name="expected"/>, showing the request and body when it is not.</summary>
    public static async Task<HttpResponseMessage> Ok(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    /// <summary>
    /// Asserts an RFC 9457 problem with <paramref name="status"/> (naming <paramref name="field"/> among
    /// its errors when given) and returns its body.
    /// </summary>
    public static async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        if (field is not null)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), body);
        }
        return problem;
    }

    /// <summary>The account id (<c>sub</c>) in a JWT access token.</summary>
    public static string Subject(string token)
    {
        var payload = token.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=');
        return JsonDocument.Parse(Convert.FromBase64String(payload)).RootElement.GetProperty("sub").GetString()!;
    }
}
