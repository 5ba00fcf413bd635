using NetTopologySuite.Geometries;
using RuleOfLaw.Grains.Areas;

namespace RuleOfLaw.MicroBench.Fixtures;

/// <summary>
/// A synthetic district far larger than the demo one: a regular lattice of square grids, cut
/// into streets (vertical bands) and communities (horizontal bands within a street). Real codes,
/// real WKT on the 1e-7 degree grid, so <see cref="AreaDirectory"/> loads it like any model.
/// </summary>
public static class LatticeDistrict
{
    public const string DistrictCode = "510899";

    // Whole numbers of 1e-7 degrees, so every vertex is exact on the model's precision grid.
    private const long OriginLongitudeUnits = 1_057_000_000;
    private const long OriginLatitudeUnits = 323_000_000;
    private const long CellUnits = 10_000;
    private const double UnitsPerDegree = 1e7;

    /// <summary>
    /// 10 streets × 10 communities × 25 × 20 grids = 50,000 grids of 0.001° (about 94 m × 111 m at
    /// 32° N), a district of about 23 km × 22 km.
    /// </summary>
    public static AreaModel Generate(int streets = 10, int communitiesPerStreet = 10, int columnsPerCommunity = 25, int rowsPerCommunity = 20)
    {
        if (streets > 999 || communitiesPerStreet > 999 || columnsPerCommunity * rowsPerCommunity > 999)
        {
            throw new ArgumentOutOfRangeException(nameof(streets), "Each level numbers at most 999 children (three digits).");
        }

        var columns = streets * columnsPerCommunity;
        var rows = communitiesPerStreet * rowsPerCommunity;
        var areas = new List<AreaRecord>(1 + streets + streets * communitiesPerStreet + columns * rows)
        {
            new(DistrictCode, AreaLevel.District, "格点区", "Lattice District", null, Rectangle(0, 0, columns, rows)),
        };

        for (var street = 0; street < streets; street++)
        {
            var streetCode = DistrictCode + Number(street);
            var firstColumn = street * columnsPerCommunity;
            areas.Add(new(streetCode, AreaLevel.Street, $"第{street + 1}街道", $"Street {street + 1}", DistrictCode,
                Rectangle(firstColumn, 0, columnsPerCommunity, rows)));
            for (var community = 0; community < communitiesPerStreet; community++)
            {
                var communityCode = streetCode + Number(community);
                var firstRow = community * rowsPerCommunity;
                areas.Add(new(communityCode, AreaLevel.Community, $"第{community + 1}社区", $"Community {community + 1}", streetCode,
                    Rectangle(firstColumn, firstRow, columnsPerCommunity, rowsPerCommunity)));
                for (var grid = 0; grid < columnsPerCommunity * rowsPerCommunity; grid++)
                {
                    var column = firstColumn + grid % columnsPerCommunity;
                    var row = firstRow + grid / columnsPerCommunity;
                    areas.Add(new(communityCode + Number(grid), AreaLevel.Grid, $"第{grid + 1:000}网格", $"Grid {grid + 1:000}", communityCode,
                        Rectangle(column, row, 1, 1)));
                }
            }
        }

        return new AreaModel(Seed: 0, DistrictCode, areas, Workers: []);
    }

    private static string Number(int index) => (index + 1).ToString("000", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An axis-aligned rectangle of lattice cells, counter-clockwise from its lowest corner.</summary>
    private static string Rectangle(int column, int row, int width, int height)
    {
        double Longitude(int c) => (OriginLongitudeUnits + c * CellUnits) / UnitsPerDegree;
        double Latitude(int r) => (OriginLatitudeUnits + r * CellUnits) / UnitsPerDegree;
        var (west, east, south, north) = (Longitude(column), Longitude(column + width), Latitude(row), Latitude(row + height));
        var polygon = AreaGeometry.Factory.CreatePolygon(
        [
            new Coordinate(west, south),
            new Coordinate(east, south),
            new Coordinate(east, north),
            new Coordinate(west, north),
            new Coordinate(west, south),
        ]);
        return AreaGeometry.ToWkt(polygon);
    }
}
