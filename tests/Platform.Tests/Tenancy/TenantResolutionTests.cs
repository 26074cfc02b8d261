using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SharedServices.Contracts.Tenancy;
using SharedServices.Tenancy;

namespace SharedServices.Platform.Tests.Tenancy;

public sealed class TenantResolutionTests
{
    private static readonly TenantBranding Branding = new("#1F5FA8", "#F2F6FB");
    private static readonly TenantInfo Kaneyama = new("063614", "kaneyama", "金山町", "Kaneyama", Branding, [], TenantStatuses.Active, 2);
    private static readonly TenantInfo Okura = new("063657", "okura", "大蔵村", "Okura", Branding, [], TenantStatuses.Suspended, 4);

    [Theory]
    [InlineData("kaneyama.localhost", "kaneyama")]
    [InlineData("KANEYAMA.localhost", "kaneyama")]
    [InlineData("kaneyama.towns.pref.example.jp", "kaneyama")]
    [InlineData("localhost", null)]
    [InlineData("a.kaneyama.localhost", null)]
    [InlineData("kaneyama.evil.example", null)]
    [InlineData("127.0.0.1", null)]
    public void HostStrategy_takes_the_first_label_below_a_base_host(string host, string? expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Host = new HostString(host, 8080);

        var identifier = new HostStrategy(["localhost", "towns.pref.example.jp"]).Identify(context);

        Assert.Equal(expected, identifier?.Value);
    }

    [Theory]
    [InlineData("/t/kaneyama/api/town", "kaneyama")]
    [InlineData("/t/kaneyama", "kaneyama")]
    [InlineData("/T/Kaneyama/", "kaneyama")]
    [InlineData("/t/", null)]
    [InlineData("/t", null)]
    [InlineData("/town/kaneyama", null)]
    [InlineData("/api/t/kaneyama", null)]
    public void PathStrategy_takes_the_segment_after_t(string path, string? expected)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;

        Assert.Equal(expected, new PathStrategy().Identify(context)?.Value);
    }

    [Fact]
    public async Task A_town_addressed_by_host_runs_the_request_in_its_scope()
    {
        var (context, seen) = await Resolve(http => http.Request.Host = new HostString("kaneyama.localhost"));

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal("063614", seen);
        Assert.Null(CurrentTenant.IdOrNull); // the scope ends with the request
    }

    [Fact]
    public async Task A_town_addressed_by_path_has_the_prefix_moved_to_the_path_base()
    {
        var (context, seen) = await Resolve(http => http.Request.Path = "/t/kaneyama/api/town");

        Assert.Equal("063614", seen);
        Assert.Equal("/t/kaneyama", context.Request.PathBase.Value);
        Assert.Equal("/api/town", context.Request.Path.Value);
    }

    [Fact]
    public async Task The_host_wins_over_the_path_when_both_name_a_town()
    {
        var (_, seen) = await Resolve(http =>
        {
            http.Request.Host = new HostString("kaneyama.localhost");
            http.Request.Path = "/t/okura/";
        });

        Assert.Equal("063614", seen);
    }

    [Theory]
    [InlineData("atlantis.localhost", "Unknown town")]
    [InlineData("okura.localhost", "not available")] // suspended
    public async Task Unknown_and_suspended_towns_are_404_problems(string host, string title)
    {
        var (context, seen) = await Resolve(http => http.Request.Host = new HostString(host));

        Assert.Null(seen);
        Assert.Equal(StatusCodes.Status404NotFound, context.Response.StatusCode);
        Assert.Contains(title, ReadProblem(context).GetProperty("title").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_token_of_another_town_is_forbidden()
    {
        var (context, seen) = await Resolve(http =>
        {
            http.Request.Host = new HostString("kaneyama.localhost");
            http.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(TenantClaim.Type, "063657")], "test"));
        });

        Assert.Null(seen);
        Assert.Equal(StatusCodes.Status403Forbidden, context.Response.StatusCode);
    }

    [Fact]
    public async Task A_token_of_the_same_town_passes_and_a_token_alone_names_its_town()
    {
        var claims = new ClaimsPrincipal(new ClaimsIdentity([new Claim(TenantClaim.Type, "063614")], "test"));
        var (_, sameTown) = await Resolve(http => { http.Request.Host = new HostString("kaneyama.localhost"); http.User = claims; });
        var (_, tokenOnly) = await Resolve(http => http.User = claims);

        Assert.Equal("063614", sameTown);
        Assert.Equal("063614", tokenOnly);
    }

    [Fact]
    public async Task A_token_alone_naming_a_suspended_town_is_404_and_one_naming_no_town_goes_on_without_one()
    {
        var (suspended, seenSuspended) = await Resolve(http =>
            http.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(TenantClaim.Type, "063657")], "test")));
        var (prefecture, seenPrefecture) = await Resolve(http =>
            http.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(TenantClaim.Type, "060003")], "test")), expectNext: true);

        Assert.Equal(StatusCodes.Status404NotFound, suspended.Response.StatusCode);
        Assert.Null(seenSuspended);
        Assert.Equal(StatusCodes.Status200OK, prefecture.Response.StatusCode);
        Assert.Null(seenPrefecture);
    }

    [Fact]
    public async Task A_request_naming_no_town_goes_on_without_one()
    {
        var (context, seen) = await Resolve(http => http.Request.Path = "/health/ready", expectNext: true);

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Null(seen);
    }

    private static async Task<(HttpContext Context, string? TenantSeen)> Resolve(Action<HttpContext> arrange, bool expectNext = false)
    {
        var registry = new TenantRegistry();
        registry.Apply(Kaneyama, Okura);
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider(),
        };
        context.Response.Body = new MemoryStream();
        context.Request.Host = new HostString("localhost");
        arrange(context);

        string? seen = null;
        var nextCalled = false;
        // As in the pipeline: resolution by address, authentication (here: the arranged user), claim check.
        var claimCheck = new TenantClaimMiddleware(
            _ => { nextCalled = true; seen = CurrentTenant.IdOrNull; return Task.CompletedTask; },
            registry,
            NullLogger<TenantClaimMiddleware>.Instance);
        var middleware = new TenantResolutionMiddleware(
            claimCheck.InvokeAsync,
            [new HostStrategy(["localhost"]), new PathStrategy()],
            registry,
            NullLogger<TenantResolutionMiddleware>.Instance);
        await middleware.InvokeAsync(context);
        Assert.True(!expectNext || nextCalled);
        return (context, seen);
    }

    private static JsonElement ReadProblem(HttpContext context)
    {
        context.Response.Body.Position = 0;
        return JsonDocument.Parse(context.Response.Body).RootElement;
    }
}
