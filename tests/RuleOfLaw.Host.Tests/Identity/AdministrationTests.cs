using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RuleOfLaw.Host.Tests.Infrastructure;
using RuleOfLaw.Tests.Shared;

namespace RuleOfLaw.Host.Tests.Identity;

/// <summary>The administrator API: accounts within the administrator's jurisdiction, and changes that end sessions.</summary>
[Collection(IdentityNodeCollection.Name)]
public sealed class AdministrationTests(IdentityNode node)
{
    private Task<HttpClient> Admin() => Tokens.SignedIn(node, "admin", SeededAccounts.PasswordOf(node, "admin"));

    [Fact]
    public async Task AnAdministratorCreatesAnAccountThatSignsInWithTheReturnedPasswordAndIsListed()
    {
        using var admin = await Admin();
        var login = Accounts.NewLogin("Created");

        var created = await admin.PostAsJsonAsync("api/users", new { login, displayName = "张三 Zhang San", role = "UnitHandler", unit = "fire-station-dongba" })
            .Expect(HttpStatusCode.Created);

        var user = created.GetProperty("user");
        Assert.Equal(login.ToLowerInvariant(), user.Text("login"));
        Assert.Equal("510802001", user.Text("area"));
        Assert.Equal("Local", user.Text("source"));
        Assert.Equal(20, created.Text("password").Length);
        SecretsLedger.Record(created.Text("password"));
        var listed = await admin.GetAsync("api/users").Expect(HttpStatusCode.OK);
        Assert.Contains(listed.EnumerateArray(), account => account.Text("login") == login.ToLowerInvariant());
        await admin.PostAsJsonAsync("api/users", new { login, role = "Leader", area = DemoAreas.District }).Expect(HttpStatusCode.Conflict);
        using var handler = await Tokens.SignedIn(node, login.ToUpperInvariant(), created.Text("password"));
        Assert.Equal("fire-station-dongba", (await handler.GetAsync("api/session").Expect(HttpStatusCode.OK)).GetProperty("user").Text("unit"));
    }

    [Theory]
    [InlineData("""{"login":"a b","role":"Leader","area":"510802"}""", "login")]
    [InlineData("""{"role":"Leader","area":"510802"}""", "login")]
    [InlineData("""{"login":"bad-role","role":"Janitor","area":"510802"}""", "role")]
    [InlineData("""{"login":"no-role","area":"510802"}""", "role")]
    [InlineData("""{"login":"bad-area","role":"Leader","area":"5108"}""", "area")]
    [InlineData("""{"login":"far-area","role":"Leader","area":"510899"}""", "area")]
    [InlineData("""{"login":"street-worker","role":"GridWorker","area":"510802002"}""", "area")]
    [InlineData("""{"login":"no-unit","role":"UnitHandler","area":"510802"}""", "unit")]
    [InlineData("""{"login":"odd-unit","role":"UnitHandler","unit":"no-such-unit"}""", "unit")]
    [InlineData("""{"login":"leader-unit","role":"Leader","area":"510802","unit":"fire"}""", "unit")]
    [InlineData("""{"login":"short-pw","role":"Leader","area":"510802","password":"tooshort"}""", "password")]
    [InlineData("""{"login":"samename","role":"Leader","area":"510802","password":"xxsamenamexxyy"}""", "password")]
    public async Task BadInputIs400NamingTheField(string body, string field)
    {
        using var admin = await Admin();

        var problem = await admin.PostAsync("api/users", HttpExpectations.Raw(body)).Expect(HttpStatusCode.BadRequest);

        Assert.Contains(field, problem.ErrorFields());
    }

    [Fact]
    public async Task AnUnknownAccountIs404AndAMalformedLoginIs400()
    {
        using var admin = await Admin();

        await admin.GetAsync("api/users/nobody-by-that-name").Expect(HttpStatusCode.NotFound);
        await admin.PostAsync("api/users/nobody-by-that-name/disable", null).Expect(HttpStatusCode.NotFound);
        Assert.Equal(["login"], (await admin.GetAsync("api/users/a%20b").Expect(HttpStatusCode.BadRequest)).ErrorFields());
    }

    [Theory]
    [InlineData("leader")]
    [InlineData("dispatcher")]
    [InlineData("gridworker")]
    public async Task EveryoneButAdministratorsIsRefused403(string login)
    {
        using var client = await Tokens.SignedIn(node, login, SeededAccounts.PasswordOf(node, login));

        await client.GetAsync("api/users").Expect(HttpStatusCode.Forbidden);
        await client.PostAsJsonAsync("api/users", new { login = "x-by-" + login, role = "Leader", area = DemoAreas.District }).Expect(HttpStatusCode.Forbidden);
        await client.PostAsync("api/users/leader/disable", null).Expect(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AStreetAdministratorManagesOnlyTheAccountsOfTheirStreet()
    {
        var (login, password) = await Accounts.Create(node, "Administrator", DemoAreas.LoopStreet, prefix: "street-admin");
        using var streetAdmin = await Tokens.SignedIn(node, login, password);

        await streetAdmin.PostAsJsonAsync("api/users", new { login = Accounts.NewLogin("inside"), role = "Intake", area = DemoAreas.LoopStreet }).Expect(HttpStatusCode.Created);
        await streetAdmin.PostAsJsonAsync("api/users", new { login = Accounts.NewLogin("outside"), role = "Intake", area = DemoAreas.AuditStreet }).Expect(HttpStatusCode.Forbidden);
        await streetAdmin.GetAsync("api/users/leader").Expect(HttpStatusCode.Forbidden);
        var listed = await streetAdmin.GetAsync("api/users").Expect(HttpStatusCode.OK);
        Assert.All(listed.EnumerateArray(), account => Assert.StartsWith(DemoAreas.LoopStreet, account.Text("area"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task DisablingAnAccountEndsItsTokensCookiesAndRefreshTokensAndItCannotSignIn()
    {
        var (login, password) = await Accounts.Create(node, "Intake", DemoAreas.District, prefix: "disabled");
        var tokens = await Tokens.Issue(node, login, password);
        using var bearer = Tokens.Bearer(node, tokens.Text("accessToken"));
        using var browser = await BrowserSession.SignIn(node, login, password);
        using var admin = await Admin();

        var disabled = await admin.PostAsync($"api/users/{login}/disable", null).Expect(HttpStatusCode.OK);

        Assert.True(disabled.GetProperty("disabled").GetBoolean());
        Assert.Contains("session has ended", (await bearer.GetAsync("api/units").Expect(HttpStatusCode.Unauthorized)).Text("detail"), StringComparison.Ordinal);
        await browser.Client.GetAsync("api/session").Expect(HttpStatusCode.Unauthorized);
        await Tokens.Refresh(node, tokens.Text("refreshToken")).Expect(HttpStatusCode.Unauthorized);
        using var anonymous = node.Anonymous();
        await anonymous.PostAsJsonAsync("api/tokens", new { login, password }).Expect(HttpStatusCode.Unauthorized);

        await admin.PostAsync($"api/users/{login}/enable", null).Expect(HttpStatusCode.OK);
        await Tokens.Issue(node, login, password);
    }

    [Fact]
    public async Task AnAdministratorCannotDisableTheirOwnAccount()
    {
        using var admin = await Admin();

        await admin.PostAsync("api/users/admin/disable", null).Expect(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task GrainsRefuseTheCommandsOfADisabledAccountEvenWhenTheEdgeLetsTheCallerThrough()
    {
        // The development headers authenticate without asking the account; the incident grain asks.
        var user = Accounts.NewLogin("dev-worker");
        using var crew = await Crew.In(node, DemoAreas.RefusalStreet, gridIndex: 3);
        using var worker = node.Client(Grains.Actors.Role.GridWorker, crew.Grid, user: user);
        await worker.PostAsJsonAsync("api/incidents", crew.PatrolReport(Crew.NewId())).Expect(HttpStatusCode.Created);
        using var admin = await Admin();

        await admin.PostAsync($"api/users/{user}/disable", null).Expect(HttpStatusCode.OK);

        var refused = await worker.PostAsJsonAsync("api/incidents", crew.PatrolReport(Crew.NewId())).Expect(HttpStatusCode.Forbidden);
        Assert.Equal("Your account is disabled.", refused.Text("detail"));
    }

    [Fact]
    public async Task AReScopeEndsTheSessionsAndTheNextSignInActsInTheNewArea()
    {
        var (login, password) = await Accounts.Create(node, "Intake", DemoAreas.LoopStreet, prefix: "rescope");
        using var before = await Tokens.SignedIn(node, login, password);
        await before.GetAsync($"api/areas/{DemoAreas.LoopStreet}/counters").Expect(HttpStatusCode.OK);
        using var admin = await Admin();

        var changed = await admin.PutAsJsonAsync($"api/users/{login}/scope", new { role = "Leader", area = DemoAreas.AuditStreet }).Expect(HttpStatusCode.OK);

        Assert.Equal(DemoAreas.AuditStreet, changed.Text("area"));
        await before.GetAsync($"api/areas/{DemoAreas.LoopStreet}/counters").Expect(HttpStatusCode.Unauthorized);
        using var after = await Tokens.SignedIn(node, login, password);
        var profile = (await after.GetAsync("api/session").Expect(HttpStatusCode.OK)).GetProperty("user");
        Assert.Equal(("Leader", DemoAreas.AuditStreet), (profile.Text("role"), profile.Text("area")));
        await after.GetAsync($"api/areas/{DemoAreas.LoopStreet}/counters").Expect(HttpStatusCode.Forbidden);
        await after.GetAsync($"api/areas/{DemoAreas.AuditStreet}/counters").Expect(HttpStatusCode.OK);
        Assert.Equal(["area"], (await admin.PutAsJsonAsync($"api/users/{login}/scope", new { role = "Leader", area = "9" }).Expect(HttpStatusCode.BadRequest)).ErrorFields());
    }

    [Fact]
    public async Task AResetDrawsANewPasswordShownOnceOrSetsAGivenOneUnderThePolicyAndEndsSessions()
    {
        var (login, password) = await Accounts.Create(node, "Leader", DemoAreas.District, prefix: "reset");
        using var bearer = await Tokens.SignedIn(node, login, password);
        using var admin = await Admin();

        var drawn = await admin.PostAsJsonAsync($"api/users/{login}/password", new { }).Expect(HttpStatusCode.OK);
        var fresh = drawn.Text("password");
        SecretsLedger.Record(fresh);

        await bearer.GetAsync("api/session").Expect(HttpStatusCode.Unauthorized);
        using var anonymous = node.Anonymous();
        await anonymous.PostAsJsonAsync("api/tokens", new { login, password }).Expect(HttpStatusCode.Unauthorized);
        await Tokens.Issue(node, login, fresh);

        Assert.Equal(["password"], (await admin.PostAsJsonAsync($"api/users/{login}/password", new { password = "short" }).Expect(HttpStatusCode.BadRequest)).ErrorFields());
        SecretsLedger.Record("a long enough passphrase");
        var given = await admin.PostAsJsonAsync($"api/users/{login}/password", new { password = "a long enough passphrase" }).Expect(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, given.GetProperty("password").ValueKind);
        await Tokens.Issue(node, login, "a long enough passphrase");
    }
}
