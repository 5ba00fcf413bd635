using System.Net;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Protection;

/// <summary>Cross-origin access: closed unless <c>Protection:Cors:AllowedOrigins</c> lists the origin.</summary>
public static class Cors
{
    public const string OtherOrigin = "https://elsewhere.example.com";

    /// <summary>The browser's preflight before a cross-origin POST of JSON with the actor headers.</summary>
    public static async Task<HttpResponseMessage> Preflight(NodeProcess node, string origin, string path = "api/incidents")
    {
        using var client = node.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type,x-actor-user");
        return await client.SendAsync(request);
    }

    public static string? AllowedOrigin(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null;
}

[Collection(SharedNodeCollection.Name)]
public sealed class ClosedCorsTests(SharedNode node)
{
    [Theory]
    [InlineData(NodeWithTightLimits.ConsoleOrigin)]
    [InlineData(Cors.OtherOrigin)]
    public async Task WithNoOriginListedAPreflightFromAnyOriginIsAllowedNothing(string origin)
    {
        using var response = await Cors.Preflight(node, origin);

        Assert.Null(Cors.AllowedOrigin(response));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Methods"));
    }

    [Fact]
    public async Task WithNoOriginListedACrossOriginReadCarriesNoPermission()
    {
        using var leader = node.Client(Role.Leader);
        leader.DefaultRequestHeaders.Add("Origin", Cors.OtherOrigin);

        using var response = await leader.GetAsync("api/catalogue");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(Cors.AllowedOrigin(response));
    }
}

[Collection(NodeWithTightLimitsCollection.Name)]
public sealed class ListedCorsTests(NodeWithTightLimits node)
{
    [Fact]
    public async Task APreflightFromAListedOriginIsAllowedWithCredentials()
    {
        using var response = await Cors.Preflight(node, NodeWithTightLimits.ConsoleOrigin);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(NodeWithTightLimits.ConsoleOrigin, Cors.AllowedOrigin(response));
        Assert.Equal("true", response.Headers.GetValues("Access-Control-Allow-Credentials").Single());
        Assert.Contains("POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single().Split(','));
    }

    [Fact]
    public async Task APreflightFromAnOriginNotListedIsAllowedNothing()
    {
        using var response = await Cors.Preflight(node, Cors.OtherOrigin);

        Assert.Null(Cors.AllowedOrigin(response));
    }

    [Fact]
    public async Task AListedOriginReadsTheAnswerAndItsRetryAfter()
    {
        using var leader = node.Client(Role.Leader, user: $"leader-{Guid.NewGuid():N}");
        leader.DefaultRequestHeaders.Add("Origin", NodeWithTightLimits.ConsoleOrigin);

        using var response = await leader.GetAsync("api/catalogue");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(NodeWithTightLimits.ConsoleOrigin, Cors.AllowedOrigin(response));
        Assert.Contains("Retry-After", response.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.OrdinalIgnoreCase);
    }
}

public sealed class CorsSettingTests
{
    [Theory]
    [InlineData("*")]
    [InlineData("https://console.example.gov.cn/app")]
    [InlineData("console.example.gov.cn")]
    public async Task ANodeRefusesToStartWithAnAllowedOriginThatIsNotOne(string origin)
    {
        var data = Path.Combine(Path.GetTempPath(), "rule-of-law-host-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var (exitCode, output) = await NodeCommand.Run(
                "--Protection:Cors:AllowedOrigins:0", origin,
                "--Storage:DataDirectory", data,
                "--urls", "http://127.0.0.1:0");

            Assert.NotEqual(0, exitCode);
            Assert.Contains($"Protection:Cors:AllowedOrigins: '{origin}' is not an origin", output, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }
}
