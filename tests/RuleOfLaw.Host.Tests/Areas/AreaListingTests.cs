using System.Net;
using System.Text.Json;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Areas;

/// <summary>
/// An area's open cases at every level and its counters. The categories ZZ (lists) and JZ
/// (counters) are reported nowhere else on the shared node, so what is filtered by them is exact.
/// </summary>
[Collection(SharedNodeCollection.Name)]
public sealed class AreaListingTests(SharedNode node) : IAsyncLifetime
{
    private Crew _crew = null!;

    public async Task InitializeAsync() => _crew = await Crew.In(node, DemoAreas.ListingStreet);

    public Task DisposeAsync()
    {
        _crew.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ACaseIsListedInItsGridCommunityStreetAndDistrictWithFiltersAndPagingButNotInAnotherStreet()
    {
        var first = (await _crew.Report(subcategory: "ZZ01")).Text("id");
        var second = (await _crew.Report(subcategory: "ZZ02")).Text("id");
        var third = (await _crew.Report(subcategory: "ZZ01")).Text("id");
        await Crew.Step(_crew.Intake, second, "forward");
        string[] newestFirst = [third, second, first];
        var grid = _crew.Grid;
        var community = grid[..12];
        var street = grid[..9];

        Assert.Equal(newestFirst, await Ids($"api/areas/{grid}/incidents", total: 3));
        Assert.Equal(newestFirst, await Ids($"api/areas/{community}/incidents?category=ZZ", total: 3));
        Assert.Equal(newestFirst, await Ids($"api/areas/{street}/incidents?category=ZZ", total: 3));
        Assert.Equal(newestFirst, await Ids($"api/areas/{DemoAreas.District}/incidents?category=ZZ", total: 3));
        Assert.Empty(await Ids($"api/areas/{DemoAreas.LiveStreet}/incidents?category=ZZ", total: 0));

        Assert.Equal([second], await Ids($"api/areas/{DemoAreas.District}/incidents?category=ZZ&state=PendingRegistration", total: 1));
        Assert.Equal([third, first], await Ids($"api/areas/{street}/incidents?category=ZZ&state=Reported", total: 2));
        Assert.Equal(newestFirst, await Ids($"api/areas/{street}/incidents?category=ZZ&state=Reported&state=PendingRegistration", total: 3));
        Assert.Equal(newestFirst, await Ids($"api/areas/{street}/incidents?grid={grid}", total: 3));
        Assert.Empty(await Ids($"api/areas/{street}/incidents?grid={grid}&category=CG", total: 0));

        var page1 = await Page($"api/areas/{DemoAreas.District}/incidents?category=ZZ&pageSize=2&page=1");
        Assert.Equal((1, 2, 3), (page1.GetProperty("page").GetInt32(), page1.GetProperty("pageSize").GetInt32(), page1.GetProperty("total").GetInt32()));
        Assert.Equal([third, second], IdsOf(page1));
        Assert.Equal([first], IdsOf(await Page($"api/areas/{DemoAreas.District}/incidents?category=ZZ&pageSize=2&page=2")));
        Assert.Empty(IdsOf(await Page($"api/areas/{DemoAreas.District}/incidents?category=ZZ&pageSize=2&page=3")));
    }

    [Fact]
    public async Task TheGridsCountersReflectItsCasesAtOnceAndTheDistrictCatchesUpWithinTheRollUp()
    {
        var grid = (await node.PointInGridOf(DemoAreas.ListingStreet, index: 1)).GridCode;
        using var crew = new Crew(node, await node.PointIn(grid));
        var open = (await crew.Report(subcategory: "JZ01")).Text("id");
        var closed = (await crew.Report(subcategory: "JZ01")).Text("id");
        await Crew.Step(crew.GridWorker, closed, "self-handle");
        await Crew.Step(crew.ShiftLeader, closed, "close");

        var counters = await crew.Leader.GetAsync($"api/areas/{grid}/counters").Expect(HttpStatusCode.OK);

        Assert.Equal(grid, counters.Text("area"));
        Assert.Equal(1, counters.GetProperty("open").GetInt32());
        Assert.Equal(2, counters.GetProperty("total").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["Reported"] = 1, ["Closed"] = 1 }, Counts(counters.GetProperty("byState")));
        Assert.Equal(new Dictionary<string, int> { ["JZ"] = 2 }, Counts(counters.GetProperty("byCategory")));
        Assert.Equal(["Reported:JZ:1", "Closed:JZ:1"], RowsOf(counters, "JZ"));
        Assert.Equal([open], IdsOf(await Page($"api/areas/{grid}/incidents")));

        // Areas above a grid are rolled up once a second per level: the district converges.
        await Signals.Until(
            async () => RowsOf(await crew.Leader.GetAsync($"api/areas/{DemoAreas.District}/counters").Expect(HttpStatusCode.OK), "JZ"),
            rows => rows.SequenceEqual(["Reported:JZ:1", "Closed:JZ:1"]),
            "the district's counters to show this test's JZ cases (Reported 1, Closed 1)",
            rows => $"[{string.Join(", ", rows)}]",
            timeout: TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task APageFarBeyondTheLastIsEmptyEvenAtTheLargestPageNumber()
    {
        using var crew = new Crew(node, await node.PointInGridOf(DemoAreas.ListingStreet, index: 3));
        await crew.Report();

        var beyond = await Page($"api/areas/{crew.Grid}/incidents?page=2");
        var largest = await Page($"api/areas/{crew.Grid}/incidents?page={int.MaxValue}");
        var largestSmallPages = await Page($"api/areas/{crew.Grid}/incidents?page={int.MaxValue}&pageSize=2");

        Assert.Empty(IdsOf(beyond));
        Assert.Equal(1, largest.GetProperty("total").GetInt32());
        Assert.Empty(IdsOf(largest));
        Assert.Empty(IdsOf(largestSmallPages));
    }

    private static Dictionary<string, int> Counts(JsonElement map) =>
        map.EnumerateObject().ToDictionary(property => property.Name, property => property.Value.GetInt32());

    private static List<string> RowsOf(JsonElement counters, string category) =>
        counters.GetProperty("rows").EnumerateArray()
            .Where(row => row.Text("category") == category)
            .Select(row => $"{row.Text("state")}:{row.Text("category")}:{row.GetProperty("count").GetInt32()}")
            .ToList();

    private async Task<string[]> Ids(string path, int total)
    {
        var page = await Page(path);
        Assert.Equal(total, page.GetProperty("total").GetInt32());
        return IdsOf(page);
    }

    private Task<JsonElement> Page(string path) => _crew.Leader.GetAsync(path).Expect(HttpStatusCode.OK);

    private static string[] IdsOf(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(item => item.Text("id")).ToArray();
}
