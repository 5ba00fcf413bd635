using NetTopologySuite.Geometries;

namespace RuleOfLaw.Grains.Areas;

/// <summary>
/// The numbering rule for the children of an area (domain.md §1: "numbered west→east,
/// north→south"), stated exactly so that anyone can check a numbering:
/// <list type="number">
/// <item>The parent's envelope is cut into <c>k</c> horizontal row bands of equal height, with
/// <c>k = max(1, round(sqrt(n · H / W)))</c>, where <c>n</c> is the number of children and
/// <c>H</c>, <c>W</c> are the envelope's north–south and east–west extents in metres. This makes a
/// band about one child tall.</item>
/// <item>A child lies in the band that holds its centroid, counted from the north (band 0).</item>
/// <item>Children are numbered band by band from north to south, and within a band from west to
/// east by centroid longitude (ties, which do not occur in practice, by latitude north first).</item>
/// </list>
/// </summary>
public static class GridNumbering
{
    public static int RowCount(Envelope parent, int childCount)
    {
        var heightMetres = parent.Height * AreaGeometry.MetresPerDegree;
        var widthMetres = parent.Width * AreaGeometry.MetresPerDegreeLongitude(parent.Centre.Y);
        if (childCount <= 1 || widthMetres <= 0)
        {
            return 1;
        }

        return Math.Max(1, (int)Math.Round(Math.Sqrt(childCount * heightMetres / widthMetres)));
    }

    /// <summary>The band (0 = northernmost) of a child centroid inside the parent's envelope.</summary>
    public static int RowOf(Envelope parent, int rowCount, Coordinate centroid)
    {
        var bandHeight = parent.Height / rowCount;
        var row = bandHeight > 0 ? (int)Math.Floor((parent.MaxY - centroid.Y) / bandHeight) : 0;
        return Math.Clamp(row, 0, rowCount - 1);
    }

    /// <summary>The indexes of <paramref name="centroids"/> in numbering order (first gets number 001).</summary>
    public static IReadOnlyList<int> Order(Envelope parent, IReadOnlyList<Coordinate> centroids)
    {
        var rows = RowCount(parent, centroids.Count);
        return Enumerable.Range(0, centroids.Count)
            .OrderBy(i => RowOf(parent, rows, centroids[i]))
            .ThenBy(i => centroids[i].X)
            .ThenByDescending(i => centroids[i].Y)
            .ToList();
    }
}
