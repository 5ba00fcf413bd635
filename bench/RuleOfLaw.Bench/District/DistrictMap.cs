using System.Diagnostics;
using NetTopologySuite.Geometries;
using RuleOfLaw.Bench.Options;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Catalogue;

namespace RuleOfLaw.Bench.District;

/// <summary>A grid with points that lie in its interior, where its workers report from.</summary>
public sealed record BenchGrid(string Code, IReadOnlyList<(double Longitude, double Latitude)> Points);

/// <summary>
/// The demo district as the load sees it, computed locally from the same generator and seed a
/// fresh node seeds itself with, so that no request is spent on reference data: every grid with
/// a few interior points (checked with the node's own point-to-grid rule, so a report always
/// lands in the reporter's grid), the streets and communities dashboards subscribe to, and the
/// subcategories of the shipped catalogue.
/// </summary>
public sealed class DistrictMap
{
    private const int PointsPerGrid = 8;

    private DistrictMap(string districtCode, IReadOnlyList<BenchGrid> grids, IReadOnlyList<string> streets, IReadOnlyList<string> communities, IReadOnlyList<string> subcategories)
    {
        DistrictCode = districtCode;
        Grids = grids;
        Streets = streets;
        Communities = communities;
        Subcategories = subcategories;
    }

    public string DistrictCode { get; }

    public IReadOnlyList<BenchGrid> Grids { get; }

    public IReadOnlyList<string> Streets { get; }

    public IReadOnlyList<string> Communities { get; }

    public IReadOnlyList<string> Subcategories { get; }

    public TimeSpan BuiltIn { get; private init; }

    public static DistrictMap Build(int seed)
    {
        var watch = Stopwatch.StartNew();
        var directory = new AreaDirectory(DemoDistrictGenerator.Generate());
        var random = new Random(seed);
        var grids = new List<BenchGrid>();
        foreach (var area in directory.All.Where(area => area.Level == AreaLevel.Grid))
        {
            grids.Add(new BenchGrid(area.Code.Value, InteriorPoints(directory, area, random)));
        }

        var streets = directory.All.Where(area => area.Level == AreaLevel.Street).Select(area => area.Code.Value).ToList();
        var communities = directory.All.Where(area => area.Level == AreaLevel.Community).Select(area => area.Code.Value).ToList();
        var catalogue = CatalogueLoader.Load(CatalogueLoader.DefaultDirectory);
        var subcategories = catalogue.Subcategories.Select(subcategory => subcategory.Code).ToList();
        return new DistrictMap(directory.District.Code.Value, grids, streets, communities, subcategories) { BuiltIn = watch.Elapsed };
    }

    /// <summary>The area a dashboard subscribes to, drawn by the scope mix.</summary>
    public (string Level, string Code) PickScope(ScopeMix mix, Random random)
    {
        var draw = random.NextDouble();
        if (draw < mix.District)
        {
            return ("district", DistrictCode);
        }

        draw -= mix.District;
        if (draw < mix.Street)
        {
            return ("street", Streets[random.Next(Streets.Count)]);
        }

        draw -= mix.Street;
        return draw < mix.Community
            ? ("community", Communities[random.Next(Communities.Count)])
            : ("grid", Grids[random.Next(Grids.Count)].Code);
    }

    /// <summary>
    /// Random points of the grid's envelope that the node would place in this grid by its
    /// interior rule; the polygon's interior point when sampling finds too few.
    /// </summary>
    private static List<(double, double)> InteriorPoints(AreaDirectory directory, Area grid, Random random)
    {
        var points = new List<(double, double)>();
        var envelope = grid.Geometry.EnvelopeInternal;
        for (var attempt = 0; attempt < PointsPerGrid * 8 && points.Count < PointsPerGrid; attempt++)
        {
            var longitude = Math.Round(envelope.MinX + (random.NextDouble() * envelope.Width), 6);
            var latitude = Math.Round(envelope.MinY + (random.NextDouble() * envelope.Height), 6);
            if (IsInteriorOf(directory, grid, longitude, latitude))
            {
                points.Add((longitude, latitude));
            }
        }

        if (points.Count == 0)
        {
            Point interior = grid.Geometry.InteriorPoint;
            points.Add((interior.X, interior.Y));
        }

        return points;
    }

    private static bool IsInteriorOf(AreaDirectory directory, Area grid, double longitude, double latitude) =>
        directory.Resolve(longitude, latitude) is { } resolution
        && resolution.GridCode == grid.Code.Value
        && resolution.Rule == GridResolution.InteriorRule
        && resolution.NearbyGridCodes.Count == 0;
}
