using System.Net;
using System.Text.Json;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Areas;

/// <summary>
/// Counters roll up from grid to community, street and district, coalesced once a second per
/// level. These run on the restartable node because no test there lists the whole district
/// (which activates every grid): a grid that has seen no case yet is still inactive, as it is
/// on a real node for most grids most of the time.
/// </summary>
[Collection(RestartableNodeCollection.Name)]
public sealed class CounterRollupTests(RestartableNode node)
{
    [Fact]
    public async Task TheFirstCaseOfAGridReachesTheDistrictCountersThatADashboardIsAlreadyWatching()
    {
        using var crew = await Crew.In(node, "510802004");

        // A dashboard on the district keeps the district's counters active before the case exists.
        Assert.Empty(Rows(await Counters(crew, DemoAreas.District), "AQ"));
        await crew.Report(subcategory: "AQ01");

        Assert.Equal(["Reported:AQ:1"], Rows(await Counters(crew, crew.Grid), "AQ"));
        await RowsBecome(crew, DemoAreas.District, "AQ", ["Reported:AQ:1"]);
    }

    [Fact]
    public async Task AfterARestartTheFirstChangeInAGridReachesTheDistrictCountersThatADashboardIsAlreadyWatching()
    {
        using var crew = await Crew.In(node, "510802003");
        var id = (await crew.Report(subcategory: "SZ01")).Text("id");
        await crew.Report(subcategory: "SZ01");
        await RowsBecome(crew, DemoAreas.District, "SZ", ["Reported:SZ:2"]);
        await node.KillAndRestart();
        Assert.Equal(["Reported:SZ:2"], Rows(await Counters(crew, DemoAreas.District), "SZ"));

        await Crew.Step(crew.Intake, id, "forward");

        Assert.Equal(["Reported:SZ:1", "PendingRegistration:SZ:1"], Rows(await Counters(crew, crew.Grid), "SZ"));
        await RowsBecome(crew, DemoAreas.District, "SZ", ["Reported:SZ:1", "PendingRegistration:SZ:1"]);
    }

    internal static Task<JsonElement> Counters(Crew crew, string area) =>
        crew.Leader.GetAsync($"api/areas/{area}/counters").Expect(HttpStatusCode.OK);

    /// <summary>Three levels of one-second coalescing: ten seconds is ample.</summary>
    internal static Task RowsBecome(Crew crew, string area, string category, string[] expected) =>
        Signals.Until(
            async () => Rows(await Counters(crew, area), category),
            rows => rows.SequenceEqual(expected),
            $"the {category} counters of {area} to become [{string.Join(", ", expected)}]",
            rows => $"[{string.Join(", ", rows)}]",
            timeout: TimeSpan.FromSeconds(10));

    internal static List<string> Rows(JsonElement counters, string category) =>
        counters.GetProperty("rows").EnumerateArray()
            .Where(row => row.Text("category") == category)
            .Select(row => $"{row.Text("state")}:{row.Text("category")}:{row.GetProperty("count").GetInt32()}")
            .ToList();
}
