using System.Collections;
using NetTopologySuite.Geometries;
using RuleOfLaw.Grains.Areas;

namespace RuleOfLaw.Grains.Positions;

/// <summary>
/// A grid cut into square cells for measuring patrol coverage (巡查覆盖率): cells of
/// <see cref="CellMetres"/> in a local equirectangular projection anchored at the grid's
/// south-west corner; a cell belongs to the grid when its centre lies inside the boundary.
/// </summary>
public sealed class CoverageCells
{
    private readonly double _west;
    private readonly double _south;
    private readonly double _metresPerDegreeLongitude;
    private readonly int _columns;
    private readonly int _rows;

    // One bit per cell of the bounding box, column-major: a node keeps every grid's cells (a
    // district's millions) for as long as it runs, so a bit each rather than a set entry each.
    private readonly BitArray _inside;

    private CoverageCells(double west, double south, double metresPerDegreeLongitude, double cellMetres, int columns, int rows, BitArray inside, int count)
    {
        _west = west;
        _south = south;
        _metresPerDegreeLongitude = metresPerDegreeLongitude;
        CellMetres = cellMetres;
        _columns = columns;
        _rows = rows;
        _inside = inside;
        Count = count;
    }

    public double CellMetres { get; }

    /// <summary>How many cells make up the grid.</summary>
    public int Count { get; }

    public static CoverageCells Of(Polygon grid, double cellMetres)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(cellMetres, 0);
        var envelope = grid.EnvelopeInternal;
        var metresPerDegreeLongitude = AreaGeometry.MetresPerDegreeLongitude(grid.Centroid.Y);
        var columns = (int)Math.Ceiling((envelope.MaxX - envelope.MinX) * metresPerDegreeLongitude / cellMetres);
        var rows = (int)Math.Ceiling((envelope.MaxY - envelope.MinY) * AreaGeometry.MetresPerDegree / cellMetres);
        var inside = new BitArray(columns * rows);
        var count = 0;
        var locator = new NetTopologySuite.Algorithm.Locate.IndexedPointInAreaLocator(grid);
        for (var column = 0; column < columns; column++)
        {
            for (var row = 0; row < rows; row++)
            {
                var centre = new Coordinate(
                    envelope.MinX + ((column + 0.5) * cellMetres / metresPerDegreeLongitude),
                    envelope.MinY + ((row + 0.5) * cellMetres / AreaGeometry.MetresPerDegree));
                if (locator.Locate(centre) == Location.Interior)
                {
                    inside[(column * rows) + row] = true;
                    count++;
                }
            }
        }

        return new CoverageCells(envelope.MinX, envelope.MinY, metresPerDegreeLongitude, cellMetres, columns, rows, inside, count);
    }

    /// <summary>The grid's cells that hold at least one of the fixes; fixes outside the grid count for nothing.</summary>
    public int Visited(IEnumerable<(double Longitude, double Latitude)> fixes)
    {
        var visited = new HashSet<int>();
        foreach (var (longitude, latitude) in fixes)
        {
            var column = Math.Floor((longitude - _west) * _metresPerDegreeLongitude / CellMetres);
            var row = Math.Floor((latitude - _south) * AreaGeometry.MetresPerDegree / CellMetres);
            if (column >= 0 && column < _columns && row >= 0 && row < _rows)
            {
                var cell = ((int)column * _rows) + (int)row;
                if (_inside[cell])
                {
                    visited.Add(cell);
                }
            }
        }

        return visited.Count;
    }
}

/// <summary>A grid's patrol coverage over a period: the share of its cells somebody's fixes fell in.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Positions.CoverageFigures")]
public sealed record CoverageFigures(
    [property: Id(0)] int Cells,
    [property: Id(1)] int VisitedCells)
{
    /// <summary>Visited cells over all cells, rounded to 0.1 percentage point; 0 for a grid without cells.</summary>
    public double Coverage => Cells == 0 ? 0 : Math.Round((double)VisitedCells / Cells, 3);
}

/// <summary>One grid's coverage within an area's reading.</summary>
public sealed record GridCoverageFigures(string Grid, CoverageFigures Figures);

/// <summary>One grid worker's share of their own grid (the home area their fixes are filed under).</summary>
public sealed record WorkerCoverageFigures(string UserId, string Grid, CoverageFigures Figures);

/// <summary>
/// An area's patrol coverage: the sum of its grids' visited cells over the sum of their cells,
/// each grid's own figure, and each grid worker's share of their grid.
/// </summary>
public sealed record AreaCoverageFigures(
    CoverageFigures Total,
    IReadOnlyList<GridCoverageFigures> Grids,
    IReadOnlyList<WorkerCoverageFigures> Workers);

/// <summary>
/// Patrol coverage of every grid of an area from one read of the fixes of the subjects homed in
/// it. A fix counts for the grid its subject is homed in (a worker's own grid), never for a grid
/// it merely strays into, so a grid's figure is the same read alone or within its community.
/// </summary>
public static class AreaCoverage
{
    /// <param name="grids">The area's grids with their cells, in the order the answer lists them.</param>
    /// <param name="fixes">Fixes of subjects homed in the area; those homed elsewhere than one of <paramref name="grids"/> (a street's team) count for nothing.</param>
    public static AreaCoverageFigures Of(IReadOnlyList<(string Grid, CoverageCells Cells)> grids, IEnumerable<StoredFix> fixes)
    {
        var byGrid = fixes
            .GroupBy(stored => stored.HomeArea, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.ToList(), StringComparer.Ordinal);
        var gridFigures = new List<GridCoverageFigures>(grids.Count);
        var workers = new List<WorkerCoverageFigures>();
        int cells = 0, visited = 0;
        foreach (var (grid, gridCells) in grids)
        {
            var homed = byGrid.GetValueOrDefault(grid) ?? [];
            var figures = new CoverageFigures(gridCells.Count, gridCells.Visited(homed.Select(Point)));
            gridFigures.Add(new GridCoverageFigures(grid, figures));
            cells += figures.Cells;
            visited += figures.VisitedCells;
            foreach (var subjectFixes in homed.GroupBy(stored => stored.Subject, StringComparer.Ordinal))
            {
                if (PositionSubject.TryParse(subjectFixes.Key, out var subject) && subject.Kind == SubjectKind.Worker)
                {
                    workers.Add(new WorkerCoverageFigures(subject.Id, grid, new CoverageFigures(gridCells.Count, gridCells.Visited(subjectFixes.Select(Point)))));
                }
            }
        }

        // Best first, then by id: the order a ranking reads and a test can rely on.
        var ranked = workers
            .OrderByDescending(worker => worker.Figures.Coverage)
            .ThenBy(worker => worker.UserId, StringComparer.Ordinal)
            .ThenBy(worker => worker.Grid, StringComparer.Ordinal)
            .ToList();
        return new AreaCoverageFigures(new CoverageFigures(cells, visited), gridFigures, ranked);
    }

    private static (double Longitude, double Latitude) Point(StoredFix stored) => (stored.Fix.Longitude, stored.Fix.Latitude);
}
