using System.Net;
using System.Text.RegularExpressions;
using RuleOfLaw.Host.Tests.Infrastructure;
using RuleOfLaw.Host.Tests.Protection;
using RuleOfLaw.Web.BrowserApp;

namespace RuleOfLaw.Host.Tests.BrowserApp;

/// <summary>
/// The browser app, as the build put it beside the node: its page at every path the app routes
/// itself, its files, and never the page where the server answers for itself.
/// </summary>
[Collection(SharedNodeCollection.Name)]
public sealed partial class BrowserAppServingTests(SharedNode node)
{
    [Theory]
    [InlineData("")]
    [InlineData("sign-in")]
    [InlineData("console")]
    [InlineData("wall")]
    [InlineData("worker")]
    [InlineData("some/deep/link")]
    public async Task EveryAppPathAnswersTheAppPageUnderItsOwnPolicy(string path)
    {
        using var anonymous = node.Anonymous();

        using var response = await anonymous.GetAsync(path);

        var page = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<div id=\"app\">", page, StringComparison.Ordinal);
        Assert.Equal(BrowserAppEndpoints.ContentSecurityPolicy, SecurityHeaderExpectations.Header(response, "Content-Security-Policy"));
        Assert.Equal("no-cache", SecurityHeaderExpectations.Header(response, "Cache-Control"));
        SecurityHeaderExpectations.AssertProtected(response, apiAnswer: false);
    }

    [Fact]
    public void TheAppPolicyAllowsNothingInlineNorFromElsewhere()
    {
        var policy = BrowserAppEndpoints.ContentSecurityPolicy;

        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("http", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("*", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePageHasNoInlineScriptOrStyleAndLoadsOnlyFilesOfThisOrigin()
    {
        using var anonymous = node.Anonymous();

        var page = await anonymous.GetStringAsync("");

        Assert.DoesNotMatch(InlineScript(), page);
        Assert.DoesNotContain("<style", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" style=", page, StringComparison.OrdinalIgnoreCase);
        var references = Reference().Matches(page).Select(match => match.Groups["url"].Value).ToList();
        Assert.NotEmpty(references);
        Assert.All(references, url => Assert.StartsWith("/assets/", url, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheAppsFilesAreServedWithTheirTypeAndKeptForGood()
    {
        using var anonymous = node.Anonymous();
        var page = await anonymous.GetStringAsync("");
        var script = Reference().Matches(page).Select(match => match.Groups["url"].Value).First(url => url.EndsWith(".js", StringComparison.Ordinal));

        using var response = await anonymous.GetAsync(script.TrimStart('/'));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("public, max-age=31536000, immutable", SecurityHeaderExpectations.Header(response, "Cache-Control"));
        SecurityHeaderExpectations.AssertProtected(response, apiAnswer: false);
    }

    [Theory]
    [InlineData("api/no-such-endpoint")]
    [InlineData("api")]
    [InlineData("hubs/no-such-hub")]
    [InlineData("health/no-such-check")]
    [InlineData("openapi/no-such-document")]
    [InlineData("assets/no-such-file.js")]
    public async Task TheServersOwnPathsAndMissingFilesStayA404Problem(string path)
    {
        using var anonymous = node.Anonymous();

        using var response = await anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task APostToAnAppPathIsNotAnsweredWithThePage()
    {
        using var anonymous = node.Anonymous();

        using var response = await anonymous.PostAsync("console", null);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex("(?:src|href)=\"(?<url>[^\"]+)\"", RegexOptions.IgnoreCase)]
    private static partial Regex Reference();
}
