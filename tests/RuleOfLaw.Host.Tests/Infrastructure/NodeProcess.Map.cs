using RuleOfLaw.Grains.Actors;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NetTopologySuite.Features;
using NetTopologySuite.IO.Converters;

namespace RuleOfLaw.Host.Tests.Infrastructure;

/// <summary>A WGS84 point that the node resolves to <see cref="GridCode"/> by its interior rule.</summary>
public sealed record GridPoint(string GridCode, double Longitude, double Latitude);

/// <summary>Real grids and points of the seeded district, asked from the node's own map API.</summary>
public abstract partial class NodeProcess
{
    private static readonly JsonSerializerOptions GeoJson = new(JsonSerializerDefaults.Web) { Converters = { new GeoJsonConverterFactory() } };

    private readonly ConcurrentDictionary<string, Task<IReadOnlyList<string>>> _grids = new();
    private readonly ConcurrentDictionary<string, Task<GridPoint>> _points = new();

    /// <summary>The codes of every grid inside an area, in the node's order (<c>GET /api/areas/{code}/grids</c>).</summary>
    public Task<IReadOnlyList<string>> GridsOf(string areaCode) => _grids.GetOrAdd(areaCode, LoadGrids);

    /// <summary>
    /// A point strictly inside the grid: the interior point of its polygon, confirmed by
    /// <c>GET /api/areas/resolve</c> to land in that grid and on no boundary.
    /// </summary>
    public Task<GridPoint> PointIn(string gridCode) => _points.GetOrAdd(gridCode, FindPoint);

    /// <summary>A point in the <paramref name="index"/>-th grid of an area, in the node's order: a quiet place for one test.</summary>
    public async Task<GridPoint> PointInGridOf(string areaCode, int index = 0) => await PointIn((await GridsOf(areaCode))[index]);

    private async Task<IReadOnlyList<string>> LoadGrids(string areaCode)
    {
        using var client = Client(Role.Leader);
        var collection = await client.GetFromJsonAsync<FeatureCollection>($"api/areas/{areaCode}/grids", GeoJson)
            ?? throw new InvalidOperationException($"No grids under {areaCode}.");
        return collection.Select(feature => (string)feature.Attributes["code"]).ToList();
    }

    private async Task<GridPoint> FindPoint(string gridCode)
    {
        using var client = Client(Role.Leader);
        var feature = await client.GetFromJsonAsync<IFeature>($"api/areas/{gridCode}", GeoJson)
            ?? throw new InvalidOperationException($"No grid {gridCode}.");
        var interior = feature.Geometry.InteriorPoint;
        var lon = interior.X.ToString("R", CultureInfo.InvariantCulture);
        var lat = interior.Y.ToString("R", CultureInfo.InvariantCulture);
        var resolved = await client.GetAsync($"api/areas/resolve?lon={lon}&lat={lat}").Expect(HttpStatusCode.OK);
        Assert.Equal(gridCode, resolved.Text("gridCode"));
        Assert.Equal("interior", resolved.Text("rule"));
        return new GridPoint(gridCode, interior.X, interior.Y);
    }
}
