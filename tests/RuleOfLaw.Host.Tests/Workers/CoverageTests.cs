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
