namespace RuleOfLaw.Grains.Areas;

/// <summary>
/// The whole area hierarchy of one district as plain data: persisted as one JSON document
/// (<see cref="AreaModelJson"/>) and loaded into an <see cref="AreaDirectory"/> for lookups.
/// </summary>
/// <param name="Seed">The seed the demo generator used; kept so a stored model can say where it came from.</param>
/// <param name="DistrictCode">The 6-digit code of the district at the root of <paramref name="Areas"/>.</param>
/// <param name="Areas">Every area, district first, ordered by code (a parent precedes its children).</param>
/// <param name="Workers">Every grid worker, ordered by id.</param>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Areas.AreaModel")]
public sealed record AreaModel(
    [property: Id(0)] int Seed,
    [property: Id(1)] string DistrictCode,
    [property: Id(2)] IReadOnlyList<AreaRecord> Areas,
    [property: Id(3)] IReadOnlyList<GridWorkerRecord> Workers);

/// <summary>One area of the ladder (district, street, community or grid).</summary>
/// <param name="Code">The area code (6, 9, 12 or 15 digits).</param>
/// <param name="Level">The level, which always matches the length of <paramref name="Code"/>.</param>
/// <param name="NameZh">The zh-CN name, e.g. 东坝街道万缘社区第007网格.</param>
/// <param name="NameEn">The English name, e.g. Wanyuan Community Grid 007.</param>
/// <param name="ParentCode">The parent's code; null for the district.</param>
/// <param name="PolygonWkt">
/// The boundary as a WKT POLYGON in WGS84 longitude/latitude, coordinates on a 1e-7 degree grid
/// (<see cref="AreaGeometry.PrecisionModel"/>) so that text and geometry round-trip exactly.
/// </param>
/// <param name="GridLeaderId">For a grid, the id of its grid leader (网格长); otherwise null.</param>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Areas.AreaRecord")]
public sealed record AreaRecord(
    [property: Id(0)] string Code,
    [property: Id(1)] AreaLevel Level,
    [property: Id(2)] string NameZh,
    [property: Id(3)] string NameEn,
    [property: Id(4)] string? ParentCode,
    [property: Id(5)] string PolygonWkt,
    [property: Id(6)] string? GridLeaderId = null);

/// <summary>A grid worker (网格员) assigned to one grid.</summary>
/// <param name="Id">Stable id, <c>gw-{gridCode}-{n}</c>.</param>
/// <param name="NameZh">The name in Chinese.</param>
/// <param name="NameEn">The name in pinyin, family name first.</param>
/// <param name="Phone">A mobile number; in the demo a fake but well-formed one.</param>
/// <param name="GridCode">The 15-digit code of the grid the worker patrols.</param>
/// <param name="IsGridLeader">True for the grid leader (网格长); every grid has exactly one.</param>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Areas.GridWorkerRecord")]
public sealed record GridWorkerRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] string NameZh,
    [property: Id(2)] string NameEn,
    [property: Id(3)] string Phone,
    [property: Id(4)] string GridCode,
    [property: Id(5)] bool IsGridLeader);
