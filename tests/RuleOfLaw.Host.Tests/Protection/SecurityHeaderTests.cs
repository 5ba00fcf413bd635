using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Host.Tests.Infrastructure;
using RuleOfLaw.Web.Protection;

namespace RuleOfLaw.Host.Tests.Protection;

/// <summary>What every response carries, checked on a sample of answers of every kind.</summary>
public static class SecurityHeaderExpectations
{
    public static void AssertProtected(HttpResponseMessage response, bool apiAnswer)
    {
        var what = $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery} ({(int)response.StatusCode})";
        Assert.True("nosniff" == Header(response, "X-Content-Type-Options"), $"{what}: X-Content-Type-Options");
        Assert.True("no-referrer" == Header(response, "Referrer-Policy"), $"{what}: Referrer-Policy");
        Assert.True("DENY" == Header(response, "X-Frame-Options"), $"{what}: X-Frame-Options");
        Assert.True("same-origin" == Header(response, "Cross-Origin-Opener-Policy"), $"{what}: Cross-Origin-Opener-Policy");
        Assert.True(
            Header(response, "Permissions-Policy") is { } permissions
                && permissions.StartsWith("geolocation=(self), camera=(self), microphone=(), payment=()", StringComparison.Ordinal),
            $"{what}: Permissions-Policy is {Header(response, "Permissions-Policy")}");
        Assert.True(
            Header(response, "Content-Security-Policy")?.EndsWith("frame-ancestors 'none'", StringComparison.Ordinal) == true,
            $"{what}: Content-Security-Policy is {Header(response, "Content-Security-Policy")}");
        Assert.True(Header(response, "Strict-Transport-Security") is null, $"{what}: Strict-Transport-Security over plain HTTP");
        Assert.True(Header(response, "Server") is null, $"{what}: Server names {Header(response, "Server")}");
        if (apiAnswer)
        {
            Assert.True("no-store" == Header(response, "Cache-Control"), $"{what}: Cache-Control is {Header(response, "Cache-Control")}");
        }
    }

    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;
}

[Collection(SharedNodeCollection.Name)]
public sealed class SecurityHeaderTests(SharedNode node)
{
    /// <summary>A grid of the loop street that the loop tests (its first grid) leave alone; the report is CG03, a category no test counts.</summary>
    private const int QuietGrid = 7;

    [Theory]
    [InlineData("200 read")]
    [InlineData("201 report")]
    [InlineData("400 bad report")]
    [InlineData("401 anonymous")]
    [InlineData("403 forbidden")]
    [InlineData("404 no such case")]
    [InlineData("404 no such path")]
    [InlineData("405 wrong method")]
    [InlineData("413 oversized")]
    [InlineData("200 health")]
    [InlineData("200 readiness")]
    [InlineData("200 hub negotiate")]
    [InlineData("200 OpenAPI")]
    public async Task EveryKindOfAnswerCarriesTheSecurityHeaders(string sample)
    {
        var (expected, response) = await Send(sample);
        using (response)
        {
            await response.Expect(expected);
            SecurityHeaderExpectations.AssertProtected(
                response,
                apiAnswer: response.RequestMessage!.RequestUri!.AbsolutePath.StartsWith("/api/", StringComparison.Ordinal)
                    || response.RequestMessage.RequestUri.AbsolutePath.StartsWith("/hubs/", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task AnApiAnswerMayNotLoadRunOrBeFramed()
    {
        using var leader = node.Client(Role.Leader);

        using var response = await leader.GetAsync("api/catalogue");

        Assert.Equal(SecurityHeaders.ApiContentSecurityPolicy, SecurityHeaderExpectations.Header(response, "Content-Security-Policy"));
    }

    private async Task<(HttpStatusCode Expected, HttpResponseMessage Response)> Send(string sample)
    {
        using var leader = node.Client(Role.Leader);
        using var worker = node.Client(Role.GridWorker, DemoAreas.LoopStreet, user: $"gw-{Guid.NewGuid():N}");
        using var anonymous = node.Anonymous();
        return sample switch
        {
            "200 read" => (HttpStatusCode.OK, await leader.GetAsync("api/catalogue")),
            "201 report" => (HttpStatusCode.Created, await Report()),
            "400 bad report" => (HttpStatusCode.BadRequest, await worker.PostAsync("api/incidents", HttpExpectations.Raw("{}"))),
            "401 anonymous" => (HttpStatusCode.Unauthorized, await anonymous.GetAsync("api/catalogue")),
            "403 forbidden" => (HttpStatusCode.Forbidden, await leader.PostAsJsonAsync("api/positions", new { longitude = 105.84, latitude = 32.43 })),
            "404 no such case" => (HttpStatusCode.NotFound, await leader.GetAsync($"api/incidents/{Crew.NewId()}")),
            "404 no such path" => (HttpStatusCode.NotFound, await anonymous.GetAsync("no/such/file.txt")),
            "405 wrong method" => (HttpStatusCode.MethodNotAllowed, await leader.DeleteAsync("api/catalogue")),
            "413 oversized" => (HttpStatusCode.RequestEntityTooLarge, await worker.PostAsync("api/incidents", HttpExpectations.Raw($$"""{"description":"{{new string('x', 70_000)}}"}"""))),
            "200 health" => (HttpStatusCode.OK, await anonymous.GetAsync("health")),
            "200 readiness" => (HttpStatusCode.OK, await anonymous.GetAsync("health/ready")),
            "200 hub negotiate" => (HttpStatusCode.OK, await leader.PostAsync("hubs/live/negotiate?negotiateVersion=1", null)),
            "200 OpenAPI" => (HttpStatusCode.OK, await anonymous.GetAsync("openapi/v1.json")),
            _ => throw new ArgumentOutOfRangeException(nameof(sample), sample, "No such sample."),
        };
    }

    private async Task<HttpResponseMessage> Report()
    {
        var point = await node.PointInGridOf(DemoAreas.LoopStreet, QuietGrid);
        using var reporter = node.Client(Role.GridWorker, point.GridCode, user: $"gw-{Guid.NewGuid():N}");
        return await reporter.PostAsJsonAsync("api/incidents", new
        {
            id = Crew.NewId(),
            subcategory = "CG03",
            description = "路边堆放生活垃圾",
            longitude = point.Longitude,
            latitude = point.Latitude,
            attachments = new[] { "photo/before.jpg" },
        });
    }
}

/// <summary>The 429 of the rate limiter carries them too.</summary>
[Collection(NodeWithTightLimitsCollection.Name)]
public sealed class RefusalSecurityHeaderTests(NodeWithTightLimits node)
{
    [Fact]
    public async Task ARateLimitRefusalCarriesTheSecurityHeaders()
    {
        using var intake = node.Client(Role.Intake, user: $"intake-{Guid.NewGuid():N}");
        for (var i = 0; i < 3; i++)
        {
            using var _ = await intake.PostAsync($"api/incidents/{Crew.NewId()}/forward", null);
        }

        using var response = await intake.PostAsync($"api/incidents/{Crew.NewId()}/forward", null);

        await response.Expect(HttpStatusCode.TooManyRequests);
        SecurityHeaderExpectations.AssertProtected(response, apiAnswer: true);
    }
}

/// <summary>The headers' rules on requests the tests cannot send over the node's plain HTTP.</summary>
public sealed class SecurityHeaderRuleTests
{
    [Fact]
    public void AnHttpsAnswerCarriesStrictTransportSecurity()
    {
        var context = HttpsRequest("/api/catalogue");

        new SecurityHeaders(new HstsOptions()).Apply(context);

        Assert.Equal("max-age=31536000", context.Response.Headers.StrictTransportSecurity.ToString());
    }

    [Fact]
    public void StrictTransportSecurityFollowsItsSettings()
    {
        var longer = HttpsRequest("/health");
        var off = HttpsRequest("/health");

        new SecurityHeaders(new HstsOptions { MaxAge = TimeSpan.FromDays(730), IncludeSubDomains = true }).Apply(longer);
        new SecurityHeaders(new HstsOptions { Enabled = false }).Apply(off);

        Assert.Equal("max-age=63072000; includeSubDomains", longer.Response.Headers.StrictTransportSecurity.ToString());
        Assert.False(off.Response.Headers.ContainsKey("Strict-Transport-Security"));
    }

    [Fact]
    public void APagesOwnPolicyIsKeptAndForbiddenToBeFramed()
    {
        const string page = "default-src 'none'; style-src 'unsafe-inline'";

        Assert.Equal("default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'", SecurityHeaders.WithFrameAncestors(page));
        Assert.Equal("default-src 'self'; frame-ancestors 'self'", SecurityHeaders.WithFrameAncestors("default-src 'self'; frame-ancestors 'self'"));
        Assert.Equal(SecurityHeaders.ApiContentSecurityPolicy, SecurityHeaders.WithFrameAncestors(null));
    }

    [Fact]
    public void AnEndpointsOwnCacheControlIsKept()
    {
        var context = HttpsRequest("/api/labels");
        context.Response.Headers.CacheControl = "public, max-age=3600";

        new SecurityHeaders(new HstsOptions()).Apply(context);

        Assert.Equal("public, max-age=3600", context.Response.Headers.CacheControl.ToString());
    }

    private static DefaultHttpContext HttpsRequest(string path)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = "https";
        context.Request.Path = path;
        return context;
    }
}
