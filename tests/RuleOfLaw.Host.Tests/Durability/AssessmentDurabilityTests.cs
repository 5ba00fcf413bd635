using System.Net;
using System.Text.Json;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Durability;

/// <summary>
/// The assessment is exact after a kill -9: every scope rebuilds from the tallies stored in the same
/// transaction as each event, never from a nightly job. Street 006 of the restartable node is this class's.
/// </summary>
[Collection(RestartableNodeCollection.Name)]
public sealed class AssessmentDurabilityTests(RestartableNode node)
{
    [Fact]
    public async Task EveryScopesFiguresAreTheSameAfterTheNodeIsKilledAndRestarted()
    {
        using var crew = await Crew.In(node, "510802006");
        var revisited = await Closed(crew);
        var disputed = await Closed(crew);
        await Crew.Step(crew.Intake, revisited, "revisit", new { satisfaction = "Satisfied" });
        await Crew.Step(crew.Intake, disputed, "revisit", new { satisfaction = "Dissatisfied", disputed = true, reason = "问题仍在 still there" });
        var unit = (await crew.Details(disputed)).GetProperty("incident").Text("assignedUnitId");
        string[] scopes =
        [
            $"api/assessment/areas/{crew.Grid}",
            $"api/assessment/areas/{crew.Grid[..12]}",
            "api/assessment/areas/510802006",
            $"api/assessment/units/{unit}",
            $"api/assessment/people/{ActorHeaders.DefaultUser(RuleOfLaw.Grains.Actors.Role.GridWorker)}",
        ];
        var grid = await Figures(crew, scopes[0]);
        Assert.Equal((2, 2, 1, 1, 1), (Count(grid, "reported"), Count(grid, "dueToClose"), Count(grid, "closed"), Count(grid, "satisfied"), Count(grid, "rework")));
        // Ledgers hear of events asynchronously and areas roll up once a second: every scope must
        // have counted both revisits before the figures are taken as the truth to compare with.
        foreach (var scope in scopes)
        {
            await Eventually(async () => Count(await Figures(crew, scope), "revisited") == 2, $"{scope} to count both revisits");
        }

        var before = new List<string>();
        foreach (var scope in scopes)
        {
            before.Add((await Figures(crew, scope)).GetRawText());
        }

        await node.KillAndRestart();

        foreach (var (scope, figures) in scopes.Zip(before))
        {
            Assert.Equal(figures, (await Figures(crew, scope)).GetRawText());
        }
    }

    private static async Task<string> Closed(Crew crew)
    {
        var incident = await crew.InProgress();
        var id = incident.Text("id");
        await Crew.Step(crew.Unit(incident.Text("assignedUnitId")), id, "handle", new { attachments = new[] { "photo/after.jpg" } });
        await Crew.Step(crew.Intake, id, "send-check");
        await Crew.Step(crew.GridWorker, id, "check", new { passed = true });
        await Crew.Step(crew.ShiftLeader, id, "close", new { closure = "Normal" });
        return id;
    }

    private static async Task<JsonElement> Figures(Crew crew, string path) =>
        (await crew.Leader.GetAsync(path).Expect(HttpStatusCode.OK)).GetProperty("counters");

    private static int Count(JsonElement counters, string name) => counters.GetProperty(name).GetInt32();

    private static async Task Eventually(Func<Task<bool>> condition, string awaited)
    {
        var deadline = DateTime.UtcNow + Signals.Timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out awaiting {awaited}.");
            await Task.Delay(100);
        }
    }
}
