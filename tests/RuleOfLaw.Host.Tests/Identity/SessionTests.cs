using System.Net;
using System.Net.Http.Json;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Identity;

/// <summary>Browser sessions: the cookie, anti-forgery on every change, sign-out, and one answer for every failed sign-in.</summary>
[Collection(IdentityNodeCollection.Name)]
public sealed class SessionTests(IdentityNode node)
{
    [Fact]
    public async Task SigningInSetsAnHttpOnlySameSiteStrictSessionCookieThatIsNotSecureOverPlainHttp()
    {
        using var browser = BrowserSession.Open(node);

        using var response = await browser.Client.PostAsJsonAsync("api/session", new { login = "leader", password = SeededAccounts.PasswordOf(node, "leader") });
        await response.Expect(HttpStatusCode.OK);

        var session = Assert.Single(response.Headers.GetValues("Set-Cookie"), cookie => cookie.StartsWith("rol.session=", StringComparison.Ordinal));
        var attributes = session.Split(';').Skip(1).Select(attribute => attribute.Trim().ToLowerInvariant()).ToList();
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=strict", attributes);
        Assert.DoesNotContain("secure", attributes);
        Assert.DoesNotContain(attributes, attribute => attribute.StartsWith("expires", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AChangeWithoutTheAntiforgeryTokenIs400NamingTheHeaderAndTheSameChangeWithItSucceeds()
    {
        using var admin = await BrowserSession.SignIn(node, "admin", SeededAccounts.PasswordOf(node, "admin"));
        var body = new { login = Accounts.NewLogin("xsrf"), role = "Leader", area = DemoAreas.LoopStreet };

        var refused = await admin.Send(HttpMethod.Post, "api/users", body, antiforgery: false).Expect(HttpStatusCode.BadRequest);
        await admin.Send(HttpMethod.Post, "api/users", body).Expect(HttpStatusCode.Created);

        Assert.Equal(["X-XSRF-TOKEN"], refused.ErrorFields());
        await admin.Client.GetAsync($"api/users/{body.login}").Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SigningOutEndsTheSessionAndTheCookieIsNoLongerAccepted()
    {
        using var browser = await BrowserSession.SignIn(node, "intake", SeededAccounts.PasswordOf(node, "intake"));
        var cookie = browser.Cookies.GetCookies(node.BaseAddress)["rol.session"]!.Value;

        await browser.Send(HttpMethod.Delete, "api/session").Expect(HttpStatusCode.NoContent);

        await browser.Client.GetAsync("api/session").Expect(HttpStatusCode.Unauthorized);
        Assert.Null(browser.Cookies.GetCookies(node.BaseAddress)["rol.session"]);
        Assert.False(string.IsNullOrEmpty(cookie));
    }

    [Fact]
    public async Task SigningOutWithoutTheAntiforgeryTokenIsRefused()
    {
        using var browser = await BrowserSession.SignIn(node, "intake", SeededAccounts.PasswordOf(node, "intake"));

        await browser.Send(HttpMethod.Delete, "api/session", antiforgery: false).Expect(HttpStatusCode.BadRequest);

        await browser.Client.GetAsync("api/session").Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AWrongPasswordAndAnUnknownLoginGetTheSameAnswer()
    {
        using var client = node.Anonymous();

        var wrong = await client.PostAsJsonAsync("api/session", new { login = "dispatcher", password = "not-the-password" }).Expect(HttpStatusCode.Unauthorized);
        var unknown = await client.PostAsJsonAsync("api/tokens", new { login = "nobody-at-all", password = "not-the-password" }).Expect(HttpStatusCode.Unauthorized);

        Assert.Equal(wrong.Text("title"), unknown.Text("title"));
        Assert.Equal("The login or password is wrong.", wrong.Text("detail"));
        Assert.Equal(wrong.Text("detail"), unknown.Text("detail"));
    }

    [Fact]
    public async Task ASignInWithoutLoginOrPasswordIs400NamingBoth()
    {
        using var client = node.Anonymous();

        var problem = await client.PostAsJsonAsync("api/session", new { }).Expect(HttpStatusCode.BadRequest);

        Assert.Equal(["login", "password"], problem.ErrorFields().Order());
    }
}
