using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace RuleOfLaw.Grains.Areas;

/// <summary>
/// The geometry conventions every area follows: WGS84 longitude/latitude (SRID 4326) with
/// coordinates on a fixed 1e-7 degree grid (about 1 cm), so that the WKT text stored in the
/// model and the geometry in memory are the same numbers, and neighbouring polygons share
/// vertices exactly.
/// </summary>
public static class AreaGeometry
{
    public const int Srid = 4326;

    /// <summary>Metres per degree of latitude (and of longitude at the equator) on the mean Earth sphere.</summary>
    public const double MetresPerDegree = 6_371_008.8 * Math.PI / 180;

    public static PrecisionModel PrecisionModel { get; } = new(1e7);

    private static readonly NtsGeometryServices _services = new(PrecisionModel, Srid);

    public static GeometryFactory Factory { get; } = _services.CreateGeometryFactory();

    /// <summary>Metres per degree of longitude at the given latitude (local equirectangular projection).</summary>
    public static double MetresPerDegreeLongitude(double latitude) => MetresPerDegree * Math.Cos(latitude * Math.PI / 180);

    /// <summary>
    /// The approximate geodesic area: the polygon is measured in a local equirectangular projection
    /// at its centroid's latitude, which for areas of a few tens of kilometres errs well below 0.1%.
    /// </summary>
    public static double AreaSquareMetres(Geometry geometry) =>
        geometry.IsEmpty ? 0 : geometry.Area * MetresPerDegree * MetresPerDegreeLongitude(geometry.Centroid.Y);

    public static string ToWkt(Polygon polygon) => new WKTWriter().Write(polygon);

    /// <summary>Reads a WKT POLYGON onto <see cref="Factory"/> (so onto the 1e-7 grid).</summary>
    public static Polygon ParsePolygon(string wkt) =>
        new WKTReader(_services).Read(wkt) as Polygon
        ?? throw new FormatException("The area boundary is not a WKT POLYGON.");
}
