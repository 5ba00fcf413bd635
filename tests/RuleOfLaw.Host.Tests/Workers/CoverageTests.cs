using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using NetTopologySuite.Features;
using NetTopologySuite.IO.Converters;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Positions;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Workers;

/// <summary>
/// Patrol coverage (巡查覆盖率) from the stored tracks of a real node: each worker's share of their
/// grid's cells and the grid's share visited by anyone. Uses the last grid of the live street.
/// </summary>
[Collection(SharedNodeCollection.Name)]
public sealed class CoverageTests(SharedNode node)
{
    private static readonly JsonSerializerOptions GeoJson = new(JsonSerializerDefaults.Web) { Converters = { new GeoJsonConverterFactory() } };

    [Fact]
    public async Task AGridsCoverageCountsTheCellsItsWorkersFixesFellInOnceEach()
    {
        var grids = await node.GridsOf(DemoAreas.LiveStreet);
        var grid = grids[^1];
        var inside = await node.PointIn(grid);
        var north = await InGrid(grid, inside.Longitude, inside.Latitude + (30 / 111_195.0));
        var alone = $"gw-{Guid.NewGuid():N}";
        var pair = $"gw-{Guid.NewGuid():N}";
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);

        // One worker stands at one spot; another walks that spot and one 30 m north: two cells in all.
        await Send(alone, grid, Enumerable.Range(0, 5).Select(n => (inside.Longitude, inside.Latitude, now.AddSeconds(n))));
        await Send(pair, grid, [(inside.Longitude, inside.Latitude, now), (north.Longitude, north.Latitude, now.AddSeconds(20))]);

        using var leader = node.Client(Role.Leader, DemoAreas.District);
        var coverage = await Signals.Until(
            async () => await leader.GetAsync($"api/assessment/coverage/grids/{grid}").Expect(HttpStatusCode.OK),
            read => read.GetProperty("workers").EnumerateArray().Count(worker => worker.Text("userId") is { } id && (id == alone || id == pair)) == 2,
            "both workers' fixes stored and counted",
            read => read.ToString());

        // The cells are the pure rule's (tested on its own); here: stored, grouped, counted once each.
        var cells = CoverageCells.Of(await Polygon(grid), 20);
        var aloneCells = cells.Visited([(inside.Longitude, inside.Latitude)]);
        var pairCells = cells.Visited([(inside.Longitude, inside.Latitude), (north.Longitude, north.Latitude)]);
        Assert.Equal((1, 2), (aloneCells, pairCells));
        Assert.Equal((cells.Count, 2), (coverage.GetProperty("cells").GetInt32(), coverage.GetProperty("visitedCells").GetInt32()));
        var workers = coverage.GetProperty("workers").EnumerateArray().ToDictionary(worker => worker.Text("userId")!, worker => worker.GetProperty("visitedCells").GetInt32());
        Assert.Equal(new Dictionary<string, int> { [alone] = 1, [pair] = 2 }, workers);
        Assert.Equal(Math.Round(2.0 / cells.Count, 3), coverage.GetProperty("coverage").GetDouble());
        Assert.All(coverage.GetProperty("workers").EnumerateArray(), worker => Assert.Equal(grid, worker.Text("grid")));
        Assert.False(coverage.GetProperty("truncated").GetBoolean());

        using var self = node.Client(Role.GridWorker, grid, user: pair);
        var own = await self.GetAsync($"api/assessment/coverage/people/{pair}").Expect(HttpStatusCode.OK);
        Assert.Equal((grid, 2, cells.Count), (own.Text("grid"), own.GetProperty("visitedCells").GetInt32(), own.GetProperty("cells").GetInt32()));
        using var otherWorker = node.Client(Role.GridWorker, grid, user: $"gw-{Guid.NewGuid():N}");
        await otherWorker.GetAsync($"api/assessment/coverage/people/{pair}").Expect(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ACoverageOfWhatIsNoGridOrOfNobodyIsRefusedClearly()
    {
        using var leader = node.Client(Role.Leader, DemoAreas.District);

        Assert.Equal(["code"], (await leader.GetAsync($"api/assessment/coverage/grids/{DemoAreas.LiveStreet}").Expect(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["from"], (await leader.GetAsync($"api/assessment/coverage/grids/{(await node.GridsOf(DemoAreas.LiveStreet))[0]}?from=yesterday").Expect(HttpStatusCode.BadRequest)).ErrorFields());
        var grid = (await node.GridsOf(DemoAreas.LiveStreet))[0];
        await leader.GetAsync($"api/assessment/coverage/grids/{grid[..^3]}999").Expect(HttpStatusCode.NotFound);
        await leader.GetAsync($"api/assessment/coverage/people/gw-nobody-{Guid.NewGuid():N}").Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ACommunitysCoverageSumsItsGridsCellsAndGivesEachGridAndEachWorkerTheirOwn()
    {
        // A community nobody else sends positions in: its first two grids get a worker each.
        var community = (await node.GridsOf(DemoAreas.OtherLiveStreet))[0][..12];
        var polygons = await Polygons(community);
        var (first, second) = (polygons.Keys.First(), polygons.Keys.Skip(1).First());
        var inFirst = await node.PointIn(first);
        var northInFirst = await InGrid(first, inFirst.Longitude, inFirst.Latitude + (30 / 111_195.0));
        var inSecond = await node.PointIn(second);
        var walker = $"gw-{Guid.NewGuid():N}";
        var stray = $"gw-{Guid.NewGuid():N}";
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);

        // The walker covers two cells of the first grid; the stray one cell of the second, and then
        // wanders into the first, which counts for neither grid (only the home grid is measured).
        await Send(walker, first, [(inFirst.Longitude, inFirst.Latitude, now), (northInFirst.Longitude, northInFirst.Latitude, now.AddSeconds(20))]);
        await Send(stray, second, [(inSecond.Longitude, inSecond.Latitude, now), (inFirst.Longitude, inFirst.Latitude, now.AddSeconds(20))]);

        using var leader = node.Client(Role.Leader, DemoAreas.OtherLiveStreet);
        var coverage = await Signals.Until(
            async () => await leader.GetAsync($"api/assessment/coverage/areas/{community}").Expect(HttpStatusCode.OK),
            read => read.GetProperty("workers").GetArrayLength() == 2 && read.GetProperty("visitedCells").GetInt32() == 3,
            "both workers' fixes stored and counted",
            read => read.ToString());

        var cells = polygons.ToDictionary(pair => pair.Key, pair => CoverageCells.Of(pair.Value, 20).Count);
        var total = cells.Values.Sum();
        Assert.Equal((community, total, 3, Math.Round(3.0 / total, 3), false), (
            coverage.Text("area"),
            coverage.GetProperty("cells").GetInt32(),
            coverage.GetProperty("visitedCells").GetInt32(),
            coverage.GetProperty("coverage").GetDouble(),
            coverage.GetProperty("truncated").GetBoolean()));
        var grids = coverage.GetProperty("grids").EnumerateArray().ToDictionary(
            grid => grid.Text("grid")!, grid => (grid.GetProperty("cells").GetInt32(), grid.GetProperty("visitedCells").GetInt32()));
        Assert.Equal(cells.ToDictionary(pair => pair.Key, pair => (pair.Value, pair.Key == first ? 2 : pair.Key == second ? 1 : 0)), grids);
        Assert.Equal(
            [(walker, first, 2, Math.Round(2.0 / cells[first], 3)), (stray, second, 1, Math.Round(1.0 / cells[second], 3))],
            coverage.GetProperty("workers").EnumerateArray().Select(worker => (
                worker.Text("userId"), worker.Text("grid"), worker.GetProperty("visitedCells").GetInt32(), worker.GetProperty("coverage").GetDouble())).ToList());

        // The grid reading is the same computation on one grid.
        var alone = await leader.GetAsync($"api/assessment/coverage/grids/{first}").Expect(HttpStatusCode.OK);
        Assert.Equal((cells[first], 2), (alone.GetProperty("cells").GetInt32(), alone.GetProperty("visitedCells").GetInt32()));

        // The street above lists the same figures for these grids among its many more.
        var street = await leader.GetAsync($"api/assessment/coverage/areas/{DemoAreas.OtherLiveStreet}").Expect(HttpStatusCode.OK);
        var streetGrids = street.GetProperty("grids").EnumerateArray().ToDictionary(grid => grid.Text("grid")!, grid => grid.GetProperty("visitedCells").GetInt32());
        Assert.True(streetGrids.Count > polygons.Count);
        Assert.Equal((2, 1), (streetGrids[first], streetGrids[second]));
    }

    [Fact]
    public async Task AnAreasCoverageIsRefusedForABadCodeAnUnknownAreaOrOneOutOfJurisdiction()
    {
        using var leader = node.Client(Role.Leader, DemoAreas.District);
        using var streetLeader = node.Client(Role.Leader, DemoAreas.LiveStreet);

        Assert.Equal(["code"], (await leader.GetAsync("api/assessment/coverage/areas/51080x").Expect(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["code", "to"], (await leader.GetAsync("api/assessment/coverage/areas/5108020?to=soon").Expect(HttpStatusCode.BadRequest)).ErrorFields().Order());
        await leader.GetAsync($"api/assessment/coverage/areas/{DemoAreas.District}999").Expect(HttpStatusCode.NotFound);
        await streetLeader.GetAsync($"api/assessment/coverage/areas/{DemoAreas.OtherLiveStreet}").Expect(HttpStatusCode.Forbidden);
        using var worker = node.Client(Role.GridWorker, (await node.GridsOf(DemoAreas.LiveStreet))[0]);
        await worker.GetAsync($"api/assessment/coverage/areas/{DemoAreas.LiveStreet}").Expect(HttpStatusCode.Forbidden);
    }

    private async Task Send(string user, string grid, IEnumerable<(double Longitude, double Latitude, DateTimeOffset At)> fixes)
    {
        await using var phone = await LiveClient.Connect(node, Role.GridWorker, grid, user: user);
        await phone.Connection.InvokeAsync("UpdatePositions", fixes.Select(fix => new { longitude = fix.Longitude, latitude = fix.Latitude, at = fix.At }).ToArray())
            .Within("UpdatePositions to complete");
    }

    private async Task<NetTopologySuite.Geometries.Polygon> Polygon(string grid)
    {
        using var client = node.Client(Role.Leader);
        var feature = await client.GetFromJsonAsync<IFeature>($"api/areas/{grid}", GeoJson);
        return (NetTopologySuite.Geometries.Polygon)feature!.Geometry;
    }

    /// <summary>Every grid of an area with its boundary, in the node's order.</summary>
    private async Task<IReadOnlyDictionary<string, NetTopologySuite.Geometries.Polygon>> Polygons(string area)
    {
        using var client = node.Client(Role.Leader);
        var collection = await client.GetFromJsonAsync<FeatureCollection>($"api/areas/{area}/grids", GeoJson);
        return collection!.ToDictionary(feature => (string)feature.Attributes["code"], feature => (NetTopologySuite.Geometries.Polygon)feature.Geometry);
    }

    /// <summary>The point, confirmed by the node to lie inside the grid.</summary>
    private async Task<GridPoint> InGrid(string grid, double longitude, double latitude)
    {
        using var client = node.Client(Role.Leader);
        var resolved = await client.GetAsync(
            $"api/areas/resolve?lon={longitude.ToString("R", CultureInfo.InvariantCulture)}&lat={latitude.ToString("R", CultureInfo.InvariantCulture)}").Expect(HttpStatusCode.OK);
        Assert.Equal(grid, resolved.Text("gridCode"));
        return new GridPoint(grid, longitude, latitude);
    }
}

/// <summary>A node that considers at most two fixes per coverage reading, so that a test reaches the cap with three.</summary>
public sealed class CoverageCapNode() : NodeProcess("--Positions:MaxCoverageFixes", "2");

[CollectionDefinition(Name)]
public sealed class CoverageCapNodeCollection : ICollectionFixture<CoverageCapNode>
{
    public const string Name = "Coverage cap node";
}

/// <summary>A reading that reached the cap on fixes says so instead of under-counting silently.</summary>
[Collection(CoverageCapNodeCollection.Name)]
public sealed class CoverageCapTests(CoverageCapNode node)
{
    [Fact]
    public async Task AReadingCutShortByTheCapIsMarkedTruncatedAndOneWithinItIsNot()
    {
        var busy = (await node.GridsOf(DemoAreas.LiveStreet))[0];
        var quiet = (await node.GridsOf(DemoAreas.OtherLiveStreet))[0];
        var (busyPoint, quietPoint) = (await node.PointIn(busy), await node.PointIn(quiet));
        var (walker, idler) = ($"gw-{Guid.NewGuid():N}", $"gw-{Guid.NewGuid():N}");
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        await Send(walker, busy, Enumerable.Range(0, 3).Select(n => new { longitude = busyPoint.Longitude, latitude = busyPoint.Latitude, at = now.AddSeconds(n) }));
        await Send(idler, quiet, [new { longitude = quietPoint.Longitude, latitude = quietPoint.Latitude, at = now }]);

        using var leader = node.Client(Role.Leader, DemoAreas.District);
        var window = $"from={Uri.EscapeDataString(now.AddMinutes(-1).ToString("O"))}&to={Uri.EscapeDataString(now.AddMinutes(1).ToString("O"))}";
        await Signals.Until(
            async () => await StoredPoints(leader, $"api/positions/workers/{walker}/track?{window}"),
            points => points == 3,
            "the walker's three fixes stored",
            points => $"{points} points");
        await Signals.Until(
            async () => await leader.GetAsync($"api/assessment/coverage/areas/{quiet[..12]}").Expect(HttpStatusCode.OK),
            read => read.GetProperty("visitedCells").GetInt32() == 1,
            "the idler's fix stored",
            read => read.ToString());

        foreach (var path in new[] { $"areas/{busy[..12]}", $"areas/{DemoAreas.LiveStreet}", $"grids/{busy}", $"people/{walker}" })
        {
            var read = await leader.GetAsync($"api/assessment/coverage/{path}").Expect(HttpStatusCode.OK);
            Assert.True(read.GetProperty("truncated").GetBoolean(), path);
        }

        var within = await leader.GetAsync($"api/assessment/coverage/areas/{quiet[..12]}").Expect(HttpStatusCode.OK);
        Assert.Equal((1, false), (within.GetProperty("visitedCells").GetInt32(), within.GetProperty("truncated").GetBoolean()));
    }

    /// <summary>How many points of the track are stored so far; none while it has none (404).</summary>
    private static async Task<int> StoredPoints(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return response.IsSuccessStatusCode
            ? HttpExpectations.Parse(await response.Content.ReadAsStringAsync()).GetProperty("points").GetArrayLength()
            : 0;
    }

    private async Task Send(string user, string grid, IEnumerable<object> fixes)
    {
        await using var phone = await LiveClient.Connect(node, Role.GridWorker, grid, user: user);
        await phone.Connection.InvokeAsync("UpdatePositions", fixes.ToArray()).Within("UpdatePositions to complete");
    }
}
