using NetTopologySuite.Geometries;
using RuleOfLaw.Grains.Common;

namespace RuleOfLaw.Grains.Areas;

/// <summary>
/// One area of the ladder with its geometry, as held by an <see cref="AreaDirectory"/>.
/// Immutable by convention: the geometry is shared by every reader, so treat it as read-only.
/// </summary>
public sealed class Area
{
    internal Area(AreaRecord record)
    {
        Code = AreaCode.TryParse(record.Code, out var code)
            ? code
            : throw new InvalidDataException($"'{record.Code}' is not an area code (6, 9, 12 or 15 digits).");
        if (record.Level != code.Level)
        {
            throw new InvalidDataException($"Area {record.Code} says it is a {record.Level} but its code is a {code.Level} code.");
        }

        if (record.ParentCode != code.Parent?.Value)
        {
            throw new InvalidDataException($"Area {record.Code} names parent '{record.ParentCode}', but its code implies '{code.Parent}'.");
        }

        Name = new LocalizedText(record.NameZh, record.NameEn);
        Geometry = AreaGeometry.ParsePolygon(record.PolygonWkt);
        AreaSquareMetres = AreaGeometry.AreaSquareMetres(Geometry);
        Centroid = Geometry.Centroid;
        GridLeaderId = record.GridLeaderId;

        // Geometry caches its envelope lazily; computing it now keeps later concurrent reads pure.
        _ = Geometry.EnvelopeInternal;
    }

    public AreaCode Code { get; }

    public AreaLevel Level => Code.Level;

    public LocalizedText Name { get; }

    /// <summary>The parent area's code; null for the district.</summary>
    public AreaCode? ParentCode => Code.Parent;

    /// <summary>The boundary in WGS84 longitude/latitude on the 1e-7 degree grid.</summary>
    public Polygon Geometry { get; }

    /// <summary>The approximate geodesic area (see <see cref="AreaGeometry.AreaSquareMetres"/>).</summary>
    public double AreaSquareMetres { get; }

    public Point Centroid { get; }

    /// <summary>For a grid, the id of its grid leader (网格长); otherwise null.</summary>
    public string? GridLeaderId { get; }

    public override string ToString() => $"{Code} {Name.ZhCn}";
}
