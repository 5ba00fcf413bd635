using System.Net;
using System.Net.Http.Json;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Identity;

/// <summary>Access tokens and refresh tokens: rotation at every use, and a reused refresh token ends everything.</summary>
[Collection(IdentityNodeCollection.Name)]
public sealed class TokenTests(IdentityNode node)
{
    [Fact]
    public async Task SigningInForTokensGivesABearerTokenOfFifteenMinutesAndAnOpaqueRefreshToken()
    {
        var (login, password) = await Accounts.Create(node, "Dispatcher", DemoAreas.District, prefix: "tokens");

        var tokens = await Tokens.Issue(node, login, password);

        Assert.Equal("Bearer", tokens.Text("tokenType"));
        Assert.Equal(900, tokens.GetProperty("expiresIn").GetInt32());
        Assert.Equal(3, tokens.Text("accessToken").Split('.').Length);
        Assert.DoesNotContain(password, tokens.Text("refreshToken"), StringComparison.Ordinal);
        using var bearer = Tokens.Bearer(node, tokens.Text("accessToken"));
        Assert.Equal("Dispatcher", (await bearer.GetAsync("api/session").Expect(HttpStatusCode.OK)).GetProperty("user").Text("role"));
    }

    [Fact]
    public async Task ARefreshTokenIsReplacedAtEachUseAndAReplacedOnePresentedAgainEndsEverySessionOfTheAccount()
    {
        var (login, password) = await Accounts.Create(node, "Intake", DemoAreas.District, prefix: "rotate");
        var first = await Tokens.Issue(node, login, password);
        using var browser = await BrowserSession.SignIn(node, login, password);

        var second = await Tokens.Refresh(node, first.Text("refreshToken")).Expect(HttpStatusCode.OK);
        Assert.NotEqual(first.Text("refreshToken"), second.Text("refreshToken"));
        using var renewed = Tokens.Bearer(node, second.Text("accessToken"));
        await renewed.GetAsync("api/session").Expect(HttpStatusCode.OK);

        var reuse = await Tokens.Refresh(node, first.Text("refreshToken")).Expect(HttpStatusCode.Unauthorized);

        Assert.Contains("already used", reuse.Text("detail"), StringComparison.Ordinal);
        await Tokens.Refresh(node, second.Text("refreshToken")).Expect(HttpStatusCode.Unauthorized);
        await renewed.GetAsync("api/session").Expect(HttpStatusCode.Unauthorized);
        await browser.Client.GetAsync("api/session").Expect(HttpStatusCode.Unauthorized);
        await Tokens.Issue(node, login, password);
    }

    [Fact]
    public async Task ARevokedRefreshTokenCannotBeUsedAndRevokingAnUnknownOneSaysNothing()
    {
        var (login, password) = await Accounts.Create(node, "Leader", DemoAreas.District, prefix: "revoke");
        var tokens = await Tokens.Issue(node, login, password);
        using var client = node.Anonymous();

        await client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "api/tokens") { Content = HttpExpectations.Json(new { refreshToken = tokens.Text("refreshToken") }) })
            .Expect(HttpStatusCode.NoContent);
        await client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "api/tokens") { Content = HttpExpectations.Json(new { refreshToken = "not-a-token" }) })
            .Expect(HttpStatusCode.NoContent);

        await Tokens.Refresh(node, tokens.Text("refreshToken")).Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ATamperedAccessTokenIs401WithInvalidToken()
    {
        var tokens = await Tokens.Issue(node, "leader", SeededAccounts.PasswordOf(node, "leader"));
        var parts = tokens.Text("accessToken").Split('.');
        using var bearer = Tokens.Bearer(node, $"{parts[0]}.{parts[1]}.{new string('A', parts[2].Length)}");

        using var response = await bearer.GetAsync("api/units");
        var problem = await response.Expect(HttpStatusCode.Unauthorized);

        Assert.Equal("The access token is not valid.", problem.Text("detail"));
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefreshWithoutATokenIs400NamingIt()
    {
        using var client = node.Anonymous();

        var problem = await client.PostAsJsonAsync("api/tokens/refresh", new { }).Expect(HttpStatusCode.BadRequest);

        Assert.Equal(["refreshToken"], problem.ErrorFields());
    }
}
