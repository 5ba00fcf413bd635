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
    private readonly HashSet<(int Column, int Row)> _inside;

    private CoverageCells(double west, double south, double metresPerDegreeLongitude, double cellMetres, HashSet<(int, int)> inside)
    {
        _west = west;
        _south = south;
        _metresPerDegreeLongitude = metresPerDegreeLongitude;
        CellMetres = cellMetres;
        _inside = inside;
    }

    public double CellMetres { get; }

    /// <summary>How many cells make up the grid.</summary>
    public int Count => _inside.Count;

    public static CoverageCells Of(Polygon grid, double cellMetres)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(cellMetres, 0);
        var envelope = grid.EnvelopeInternal;
        var metresPerDegreeLongitude = AreaGeometry.MetresPerDegreeLongitude(grid.Centroid.Y);
        var columns = (int)Math.Ceiling((envelope.MaxX - envelope.MinX) * metresPerDegreeLongitude / cellMetres);
        var rows = (int)Math.Ceiling((envelope.MaxY - envelope.MinY) * AreaGeometry.MetresPerDegree / cellMetres);
        var inside = new HashSet<(int, int)>();
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
                    inside.Add((column, row));
                }
            }
        }

        return new CoverageCells(envelope.MinX, envelope.MinY, metresPerDegreeLongitude, cellMetres, inside);
    }

    /// <summary>The grid's cells that hold at least one of the fixes; fixes outside the grid count for nothing.</summary>
    public int Visited(IEnumerable<(double Longitude, double Latitude)> fixes)
    {
        var visited = new HashSet<(int, int)>();
        foreach (var (longitude, latitude) in fixes)
        {
            var cell = (
                (int)Math.Floor((longitude - _west) * _metresPerDegreeLongitude / CellMetres),
                (int)Math.Floor((latitude - _south) * AreaGeometry.MetresPerDegree / CellMetres));
            if (_inside.Contains(cell))
            {
                visited.Add(cell);
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
