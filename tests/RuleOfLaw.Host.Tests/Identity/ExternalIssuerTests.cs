using System.Net;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Identity;

/// <summary>
/// Production sign-in through an external OpenID Connect issuer: its tokens are checked against its
/// published keys over HTTP, its claims map to role and jurisdiction, and its users are provisioned
/// here just in time so an administrator can disable them.
/// </summary>
[Collection(ExternalIssuerNodeCollection.Name)]
public sealed class ExternalIssuerTests(ExternalIssuerNode node)
{
    [Fact]
    public async Task AnIssuersTokenIsAcceptedWithItsMappedRoleAndAreaAndItsUserIsProvisioned()
    {
        var login = Accounts.NewLogin("ext");
        var grid = (await node.GridsOf(DemoAreas.LoopStreet))[2];
        var token = node.Issuer.Token(new Dictionary<string, object>
        {
            ["preferred_username"] = login,
            ["name"] = "外部网格员 External worker",
            ["roles"] = "wangge",
            ["jurisdiction"] = grid,
        });
        using var worker = Tokens.Bearer(node, token);

        var session = (await worker.GetAsync("api/session").Expect(HttpStatusCode.OK)).GetProperty("user");

        Assert.Equal((login, "GridWorker", grid), (session.Text("login"), session.Text("role"), session.Text("area")));
        using var crew = new Crew(node, await node.PointIn(grid));
        await worker.PostAsync("api/incidents", HttpExpectations.Json(crew.PatrolReport(Crew.NewId()))).Expect(HttpStatusCode.Created);
        using var admin = await Tokens.SignedIn(node, "admin", SeededAccounts.PasswordOf(node, "admin"));
        var account = await admin.GetAsync($"api/users/{login}").Expect(HttpStatusCode.OK);
        Assert.Equal(("External", "外部网格员 External worker"), (account.Text("source"), account.Text("displayName")));
        await admin.PostAsync($"api/users/{login}/password", HttpExpectations.Json(new { })).Expect(HttpStatusCode.Conflict);

        await admin.PostAsync($"api/users/{login}/disable", null).Expect(HttpStatusCode.OK);

        await worker.GetAsync("api/session").Expect(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task TheIssuerDecidesTheRoleAndAreaAtEachTokenAndAnUnmappedRoleIsRefused()
    {
        var login = Accounts.NewLogin("ext-leader");
        using var asLeader = Tokens.Bearer(node, node.Issuer.Token(new Dictionary<string, object>
        {
            ["preferred_username"] = login,
            ["roles"] = new[] { "unrelated", "zhihui" },
            ["jurisdiction"] = DemoAreas.AuditStreet,
        }));
        using var unmapped = Tokens.Bearer(node, node.Issuer.Token(new Dictionary<string, object>
        {
            ["preferred_username"] = login,
            ["roles"] = "janitor",
            ["jurisdiction"] = DemoAreas.AuditStreet,
        }));

        var leader = (await asLeader.GetAsync("api/session").Expect(HttpStatusCode.OK)).GetProperty("user");
        var refused = await unmapped.GetAsync("api/session").Expect(HttpStatusCode.Unauthorized);

        Assert.Equal(("Leader", DemoAreas.AuditStreet), (leader.Text("role"), leader.Text("area")));
        Assert.Contains("roles", refused.Text("detail"), StringComparison.Ordinal);
        await asLeader.GetAsync($"api/areas/{DemoAreas.AuditStreet}/counters").Expect(HttpStatusCode.OK);
        await asLeader.GetAsync($"api/areas/{DemoAreas.LoopStreet}/counters").Expect(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ATokenSignedWithAnotherKeyOrForALocalAccountIsRefused()
    {
        using var forged = Tokens.Bearer(node, node.Issuer.Token(
            new Dictionary<string, object> { ["preferred_username"] = Accounts.NewLogin("forged"), ["roles"] = "zhihui", ["jurisdiction"] = DemoAreas.District },
            signWith: new RsaSecurityKey(RSA.Create(2048)) { KeyId = "other" }));
        using var takeover = Tokens.Bearer(node, node.Issuer.Token(
            new Dictionary<string, object> { ["preferred_username"] = "admin", ["roles"] = "zhihui", ["jurisdiction"] = DemoAreas.District }));

        await forged.GetAsync("api/session").Expect(HttpStatusCode.Unauthorized);
        var refused = await takeover.GetAsync("api/session").Expect(HttpStatusCode.Unauthorized);

        Assert.Contains("local account", refused.Text("detail"), StringComparison.Ordinal);
    }
}
