using System.Collections.Concurrent;
using System.Collections.Frozen;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.Operation.Distance;

namespace RuleOfLaw.Grains.Areas;

/// <summary>
/// The area hierarchy of one district in memory: lookups by code, the ladder's parent/child
/// relations, grid workers, and point-to-grid resolution. Built once from an
/// <see cref="AreaModel"/> and never changed afterwards, so any number of threads may read it at
/// once; the running system holds one as a singleton.
/// </summary>
public sealed class AreaDirectory
{
    /// <summary>How close (in metres) another grid must be for a location to count as ambiguous between them.</summary>
    public const double AmbiguityRadiusMetres = 5;

    private static readonly IReadOnlyList<Area> _noAreas = [];
    private static readonly IReadOnlyList<GridWorkerRecord> _noWorkers = [];

    private readonly FrozenDictionary<string, Area> _areas;
    private readonly FrozenDictionary<string, IReadOnlyList<Area>> _children;
    private readonly FrozenDictionary<string, IReadOnlyList<Area>> _gridsUnder;
    private readonly FrozenDictionary<string, GridWorkerRecord> _workers;
    private readonly FrozenDictionary<string, IReadOnlyList<GridWorkerRecord>> _workersByGrid;
    private readonly STRtree<Area> _gridIndex = new();

    /// <summary>Each grid's touching neighbours (itself first), found once: topology does not change while a node runs.</summary>
    private readonly ConcurrentDictionary<string, Area[]> _touching = new(StringComparer.Ordinal);

    /// <exception cref="InvalidDataException">The model is not one consistent hierarchy.</exception>
    public AreaDirectory(AreaModel model)
    {
        Model = model;
        All = model.Areas
            .Select(record => new Area(record))
            .OrderBy(area => area.Code.Value, StringComparer.Ordinal)
            .ToList();

        var byCode = new Dictionary<string, Area>(StringComparer.Ordinal);
        foreach (var area in All)
        {
            if (!byCode.TryAdd(area.Code.Value, area))
            {
                throw new InvalidDataException($"Area {area.Code} appears twice in the model.");
            }
        }

        District = All.Count > 0 && All[0].Level == AreaLevel.District && All[0].Code.Value == model.DistrictCode
            ? All[0]
            : throw new InvalidDataException($"The model has no district {model.DistrictCode}.");

        var children = new Dictionary<string, List<Area>>(StringComparer.Ordinal);
        var gridsUnder = new Dictionary<string, List<Area>>(StringComparer.Ordinal);
        foreach (var area in All.Skip(1))
        {
            if (!District.Code.Contains(area.Code) || area.Level == AreaLevel.District || !byCode.ContainsKey(area.ParentCode!.Value.Value))
            {
                throw new InvalidDataException($"Area {area.Code} has no parent in district {District.Code}.");
            }

            Append(children, area.ParentCode.Value.Value, area);
            if (area.Level == AreaLevel.Grid)
            {
                // A grid counts as "under" itself and every ancestor; All is sorted, so each list is too.
                Append(gridsUnder, area.Code.Value, area);
                foreach (var ancestor in area.Code.Ancestors())
                {
                    Append(gridsUnder, ancestor.Value, area);
                }

                _gridIndex.Insert(area.Geometry.EnvelopeInternal, area);
            }
        }

        // STRtree builds itself lazily on the first query; building it here keeps queries read-only.
        _gridIndex.Build();

        var workers = new Dictionary<string, GridWorkerRecord>(StringComparer.Ordinal);
        var workersByGrid = new Dictionary<string, List<GridWorkerRecord>>(StringComparer.Ordinal);
        foreach (var worker in model.Workers.OrderBy(w => w.Id, StringComparer.Ordinal))
        {
            if (!byCode.TryGetValue(worker.GridCode, out var grid) || grid.Level != AreaLevel.Grid)
            {
                throw new InvalidDataException($"Grid worker {worker.Id} is assigned to {worker.GridCode}, which is not a grid of the model.");
            }

            if (!workers.TryAdd(worker.Id, worker))
            {
                throw new InvalidDataException($"Grid worker {worker.Id} appears twice in the model.");
            }

            Append(workersByGrid, worker.GridCode, worker);
        }

        _areas = byCode.ToFrozenDictionary(StringComparer.Ordinal);
        _children = children.ToFrozenDictionary(p => p.Key, p => (IReadOnlyList<Area>)p.Value.AsReadOnly(), StringComparer.Ordinal);
        _gridsUnder = gridsUnder.ToFrozenDictionary(p => p.Key, p => (IReadOnlyList<Area>)p.Value.AsReadOnly(), StringComparer.Ordinal);
        _workers = workers.ToFrozenDictionary(StringComparer.Ordinal);
        _workersByGrid = workersByGrid.ToFrozenDictionary(p => p.Key, p => (IReadOnlyList<GridWorkerRecord>)p.Value.AsReadOnly(), StringComparer.Ordinal);
    }

    /// <summary>The model this directory was built from.</summary>
    public AreaModel Model { get; }

    public Area District { get; }

    /// <summary>Every area, ordered by code (so each parent comes before its children).</summary>
    public IReadOnlyList<Area> All { get; }

    public Area? Find(string code) => _areas.GetValueOrDefault(code);

    public Area? Find(AreaCode code) => Find(code.Value);

    /// <summary>The direct children ordered by code; empty for a grid or an unknown code.</summary>
    public IReadOnlyList<Area> Children(string code) => _children.GetValueOrDefault(code) ?? _noAreas;

    /// <summary>Every grid inside the area ordered by code; a grid returns itself; empty for an unknown code.</summary>
    public IReadOnlyList<Area> GridsUnder(string code) => _gridsUnder.GetValueOrDefault(code) ?? _noAreas;

    public GridWorkerRecord? FindWorker(string id) => _workers.GetValueOrDefault(id);

    /// <summary>The grid's workers ordered by id (the grid leader is among them).</summary>
    public IReadOnlyList<GridWorkerRecord> WorkersOf(string gridCode) => _workersByGrid.GetValueOrDefault(gridCode) ?? _noWorkers;

    /// <summary>
    /// Resolves a WGS84 point to its grid, deterministically even on a boundary:
    /// <list type="number">
    /// <item>Candidates are the grids whose polygon covers the point (boundary included). None:
    /// the point is outside the district and the result is null.</item>
    /// <item>If exactly one grid has the point in its interior, it wins (<see cref="GridResolution.InteriorRule"/>).</item>
    /// <item>If the point is on a shared boundary (covered, in no interior), the covering grid with
    /// the lowest code wins (<see cref="GridResolution.BoundaryLowestCodeRule"/>).</item>
    /// <item>Every other grid within <see cref="AmbiguityRadiusMetres"/> of the point is reported
    /// as nearby, so the incident can record that the location was close to a boundary.</item>
    /// </list>
    /// Distances are measured in a local equirectangular projection at the point's latitude.
    /// </summary>
    public GridResolution? Resolve(double longitude, double latitude)
    {
        if (!double.IsFinite(longitude) || !double.IsFinite(latitude) || Math.Abs(longitude) > 180 || Math.Abs(latitude) > 90)
        {
            return null;
        }

        var location = new Coordinate(longitude, latitude);
        var metresPerDegreeLongitude = Math.Max(AreaGeometry.MetresPerDegreeLongitude(latitude), 1);
        var search = new Envelope(location);
        search.ExpandBy(AmbiguityRadiusMetres / metresPerDegreeLongitude, AmbiguityRadiusMetres / AreaGeometry.MetresPerDegree);
        var candidates = _gridIndex.Query(search).OrderBy(grid => grid.Code.Value, StringComparer.Ordinal).ToList();

        var interior = new List<Area>();
        Area? lowestCovering = null;
        foreach (var grid in candidates)
        {
            var where = SimplePointInAreaLocator.Locate(location, grid.Geometry);
            if (where != Location.Exterior)
            {
                lowestCovering ??= grid;
                if (where == Location.Interior)
                {
                    interior.Add(grid);
                }
            }
        }

        if (lowestCovering is null)
        {
            return null;
        }

        var (winner, rule) = interior.Count switch
        {
            1 => (interior[0], GridResolution.InteriorRule),
            0 => (lowestCovering, GridResolution.BoundaryLowestCodeRule),
            _ => (interior[0], GridResolution.OverlapLowestCodeRule),
        };

        var toMetres = new AffineTransformation()
            .Translate(-longitude, -latitude)
            .Scale(metresPerDegreeLongitude, AreaGeometry.MetresPerDegree);
        var origin = AreaGeometry.Factory.CreatePoint(new Coordinate(0, 0));
        var nearby = candidates
            .Where(grid => grid != winner && DistanceOp.IsWithinDistance(toMetres.Transform(grid.Geometry), origin, AmbiguityRadiusMetres))
            .Select(grid => grid.Code.Value)
            .ToList();

        return new GridResolution(winner.Code.Value, nearby, OnBoundary: interior.Count == 0, rule);
    }

    /// <summary>
    /// The grid itself and those of its neighbours (grids whose polygon touches or overlaps it)
    /// that come within <paramref name="metres"/> of the point, ordered by code: where a case
    /// within that distance of the point can lie, "the same or an adjacent grid". Distances are
    /// measured as in <see cref="Resolve"/>; empty for an unknown grid.
    /// </summary>
    public IReadOnlyList<string> NeighbourGridsWithin(string gridCode, double longitude, double latitude, double metres)
    {
        if (Find(gridCode) is not { Level: AreaLevel.Grid } grid || !double.IsFinite(metres) || metres < 0)
        {
            return [];
        }

        var metresPerDegreeLongitude = Math.Max(AreaGeometry.MetresPerDegreeLongitude(latitude), 1);
        var toMetres = new AffineTransformation()
            .Translate(-longitude, -latitude)
            .Scale(metresPerDegreeLongitude, AreaGeometry.MetresPerDegree);
        var origin = AreaGeometry.Factory.CreatePoint(new Coordinate(0, 0));

        // Every report asks this (the duplicate check): the touching neighbours are found once per
        // grid, and a neighbour whose bounding box is already farther than the radius needs no
        // exact distance.
        var reach = new Envelope(new Coordinate(longitude, latitude));
        reach.ExpandBy(metres / metresPerDegreeLongitude, metres / AreaGeometry.MetresPerDegree);
        return Touching(grid)
            .Where(other => other == grid
                || (other.Geometry.EnvelopeInternal.Intersects(reach) && DistanceOp.IsWithinDistance(toMetres.Transform(other.Geometry), origin, metres)))
            .Select(other => other.Code.Value)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Neighbours share vertices exactly (the 1e-7 grid), so touching is an exact test.</summary>
    private Area[] Touching(Area grid) =>
        _touching.GetOrAdd(grid.Code.Value, _ => [.. _gridIndex.Query(grid.Geometry.EnvelopeInternal).Where(other => other == grid || other.Geometry.Intersects(grid.Geometry))]);

    private static void Append<T>(Dictionary<string, List<T>> lists, string key, T item)
    {
        if (!lists.TryGetValue(key, out var list))
        {
            list = [];
            lists.Add(key, list);
        }

        list.Add(item);
    }
}
