using System.Net;
using System.Net.Http.Json;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Identity;

/// <summary>The accounts of a fresh store: printed once, never logged, and each signs in as its role.</summary>
[Collection(IdentityNodeCollection.Name)]
public sealed class SeededAccountTests(IdentityNode node)
{
    private static readonly Dictionary<string, (string Role, string? Unit, string? UnitKind)> Expected = new()
    {
        ["gridworker"] = ("GridWorker", null, null),
        ["intake"] = ("Intake", null, null),
        ["shiftleader"] = ("ShiftLeader", null, null),
        ["dispatcher"] = ("Dispatcher", null, null),
        ["handler"] = ("UnitHandler", "law-enforcement", "DistrictDepartment"),
        ["fieldteam"] = ("UnitHandler", "law-enforcement-team-1", "FieldTeam"),
        ["leader"] = ("Leader", null, null),
        ["admin"] = ("Administrator", null, null),
    };

    [Fact]
    public void TheFirstStartPrintsOneAccountPerRoleAndAFieldTeamMemberAndEachPasswordAppearsOnlyInThatTable()
    {
        var passwords = SeededAccounts.Of(node);

        Assert.Equal(SeededAccounts.Logins.Order(), passwords.Keys.Order());
        Assert.Equal(passwords.Count, passwords.Values.Distinct().Count());
        var output = node.AllOutput();
        Assert.Contains("First start: these accounts were created.", output, StringComparison.Ordinal);
        Assert.Contains("首次启动：已创建以下账号。", output, StringComparison.Ordinal);
        foreach (var (login, password) in passwords)
        {
            var lines = output.Split('\n').Where(line => line.Contains(password, StringComparison.Ordinal)).ToList();
            var line = Assert.Single(lines);
            Assert.StartsWith($" {login} ", line, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task EachSeededAccountSignsInWithATokenAndWithACookieAsItsRoleOverRealCodes()
    {
        foreach (var (login, password) in SeededAccounts.Of(node))
        {
            using var bearer = await Tokens.SignedIn(node, login, password);
            var viaToken = await bearer.GetAsync("api/session").Expect(HttpStatusCode.OK);
            using var browser = await BrowserSession.SignIn(node, login, password);
            var viaCookie = await browser.Client.GetAsync("api/session").Expect(HttpStatusCode.OK);

            foreach (var user in new[] { viaToken.GetProperty("user"), viaCookie.GetProperty("user"), browser.User })
            {
                Assert.Equal(login, user.Text("login"));
                Assert.Equal(Expected[login].Role, user.Text("role"));
                Assert.StartsWith(DemoAreas.District, user.Text("area"), StringComparison.Ordinal);
                Assert.Equal(Expected[login].Unit, user.GetProperty("unit").GetString());
                // What tells a field team's member (the phone's team view) from a department's handler (the console).
                Assert.Equal(Expected[login].UnitKind, user.GetProperty("unitKind").GetString());
            }

            // The jurisdiction is a real one: the account reads what its role reads there.
            var signedIn = viaToken.GetProperty("user");
            var own = signedIn.Text("role") switch
            {
                "UnitHandler" => $"api/units/{signedIn.Text("unit")}/incidents",
                "Administrator" => "api/users",
                _ => $"api/areas/{signedIn.Text("area")}/counters",
            };
            await bearer.GetAsync(own).Expect(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task ARestartOnTheSameDataFolderPrintsNoPasswordsAndKeepsCookiesTokensAndRefreshTokens()
    {
        var password = SeededAccounts.PasswordOf(node, "leader");
        using var browser = await BrowserSession.SignIn(node, "leader", password);
        var tokens = await Tokens.Issue(node, "leader", password);
        using var bearer = Tokens.Bearer(node, tokens.Text("accessToken"));

        await node.KillAndRestart();

        var restart = node.OutputOfStart(node.Starts);
        Assert.DoesNotContain("First start", restart, StringComparison.Ordinal);
        Assert.DoesNotContain(password, restart, StringComparison.Ordinal);
        Assert.Equal("leader", (await browser.Client.GetAsync("api/session").Expect(HttpStatusCode.OK)).GetProperty("user").Text("login"));
        await browser.Send(HttpMethod.Delete, "api/session").Expect(HttpStatusCode.NoContent);
        Assert.Equal("leader", (await bearer.GetAsync("api/session").Expect(HttpStatusCode.OK)).GetProperty("user").Text("login"));
        await Tokens.Refresh(node, tokens.Text("refreshToken")).Expect(HttpStatusCode.OK);
    }
}
