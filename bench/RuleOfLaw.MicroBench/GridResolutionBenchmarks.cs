using BenchmarkDotNet.Attributes;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.MicroBench.Fixtures;

namespace RuleOfLaw.MicroBench;

/// <summary>Which map the points are resolved on.</summary>
public enum AreaSet
{
    /// <summary>The generated demo district (about 945 Voronoi grids).</summary>
    Demo,

    /// <summary>The synthetic 50,000-grid lattice (<see cref="LatticeDistrict"/>).</summary>
    Lattice50k,
}

/// <summary>
/// <see cref="AreaDirectory.Resolve"/> for random points inside the district, precomputed so
/// the loop measures only resolution. Each invocation resolves the next point of the set.
/// </summary>
[MemoryDiagnoser]
public class GridResolutionBenchmarks
{
    // A power of two, so the next point is a mask away.
    private const int PointCount = 4096;

    private AreaDirectory _areas = null!;
    private (double Longitude, double Latitude)[] _points = null!;
    private int _next;

    [Params(AreaSet.Demo, AreaSet.Lattice50k)]
    public AreaSet Areas { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _areas = Areas == AreaSet.Demo ? ReferenceData.DemoDistrict : new AreaDirectory(LatticeDistrict.Generate());
        var random = new Random(42);
        var envelope = _areas.District.Geometry.EnvelopeInternal;
        var points = new List<(double, double)>(PointCount);
        while (points.Count < PointCount)
        {
            var point = (envelope.MinX + random.NextDouble() * envelope.Width, envelope.MinY + random.NextDouble() * envelope.Height);

            // The demo district is irregular: keep only points some grid claims.
            if (_areas.Resolve(point.Item1, point.Item2) is not null)
            {
                points.Add(point);
            }
        }

        _points = [.. points];
    }

    [Benchmark]
    public GridResolution? Resolve()
    {
        var (longitude, latitude) = _points[_next++ & (PointCount - 1)];
        return _areas.Resolve(longitude, latitude);
    }
}
