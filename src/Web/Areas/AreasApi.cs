using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using NetTopologySuite.Features;
using RuleOfLaw.Grains.Access;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Web.Access;
using RuleOfLaw.Web.Errors;

namespace RuleOfLaw.Web.Areas;

/// <summary>
/// The area hierarchy as GeoJSON for the maps, and point-to-grid resolution. Read-only: the
/// <see cref="AreaDirectory"/> is an immutable singleton, so no grain call is needed.
/// </summary>
public static class AreasApi
{
    public static IEndpointRouteBuilder MapAreasApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/areas").WithTags("Areas").RequireDoor(Permission.ReadMap);

        group.MapGet("", GetDistrict)
            .WithName("GetDistrictAndStreets")
            .WithSummary("The district and its streets as a GeoJSON FeatureCollection.");

        // A literal segment outranks the {code} parameter in routing, so "resolve" never reads as a code.
        group.MapGet("/resolve", Resolve)
            .WithName("ResolveGrid")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The grid that a WGS84 point belongs to, with the rule that decided it.");

        group.MapGet("/{code}", GetArea)
            .WithName("GetArea")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("One area as a GeoJSON Feature.");

        group.MapGet("/{code}/children", GetChildren)
            .WithName("GetAreaChildren")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The direct children of an area as a GeoJSON FeatureCollection.");

        group.MapGet("/{code}/grids", GetGrids)
            .WithName("GetAreaGrids")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Every grid inside an area as a GeoJSON FeatureCollection.");

        return app;
    }

    public static GeoJsonResult GetDistrict([FromServices] AreaDirectory areas) =>
        GeoJsonResult.Of(Collection(areas, [areas.District, .. areas.Children(areas.District.Code.Value)]));

    public static Results<GeoJsonResult, ProblemHttpResult> GetArea(string code, [FromServices] AreaDirectory areas) =>
        WithArea(code, areas, area => GeoJsonResult.Of(Feature(areas, area)));

    public static Results<GeoJsonResult, ProblemHttpResult> GetChildren(string code, [FromServices] AreaDirectory areas) =>
        WithArea(code, areas, area => GeoJsonResult.Of(Collection(areas, areas.Children(area.Code.Value))));

    public static Results<GeoJsonResult, ProblemHttpResult> GetGrids(string code, [FromServices] AreaDirectory areas) =>
        WithArea(code, areas, area => GeoJsonResult.Of(Collection(areas, areas.GridsUnder(area.Code.Value))));

    /// <remarks>
    /// lon and lat are bound as text so that a missing or malformed value gets a ValidationProblem
    /// naming the field, rather than the framework's bare 400 for a failed binding.
    /// </remarks>
    public static Results<Ok<ResolvedLocation>, ProblemHttpResult> Resolve(
        [FromQuery] string? lon, [FromQuery] string? lat, [FromServices] AreaDirectory areas)
    {
        var errors = new Dictionary<string, LocalizedText[]>(StringComparer.Ordinal);
        if (!TryParseDegrees(lon, 180, out var longitude))
        {
            errors["lon"] = [Text.Of("经度须为 -180 到 180 之间的十进制度数（WGS84）。", "Give the longitude in decimal degrees (WGS84), from -180 to 180.")];
        }

        if (!TryParseDegrees(lat, 90, out var latitude))
        {
            errors["lat"] = [Text.Of("纬度须为 -90 到 90 之间的十进制度数（WGS84）。", "Give the latitude in decimal degrees (WGS84), from -90 to 90.")];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        if (areas.Resolve(longitude, latitude) is not { } resolution)
        {
            var point = $"({longitude.ToString(CultureInfo.InvariantCulture)}, {latitude.ToString(CultureInfo.InvariantCulture)})";
            return Problems.Problem(
                StatusCodes.Status404NotFound,
                Text.Of("不在本区范围内", "Outside the district"),
                Text.Of(
                    $"点 {point} 不在{areas.District.Name.ZhCn}（{areas.District.Code}）范围内，没有网格覆盖它。",
                    $"The point {point} lies outside district {areas.District.Code} ({areas.District.Name.En}); no grid covers it."));
        }

        var grid = AreaCode.Parse(resolution.GridCode);
        var gridName = areas.Find(grid)!.Name;
        return TypedResults.Ok(new ResolvedLocation(
            longitude,
            latitude,
            resolution.GridCode,
            gridName.ZhCn,
            gridName.En,
            grid.AtLevel(AreaLevel.Community).Value,
            grid.AtLevel(AreaLevel.Street).Value,
            grid.AtLevel(AreaLevel.District).Value,
            resolution.NearbyGridCodes,
            resolution.OnBoundary,
            resolution.Rule));
    }

    private static Results<GeoJsonResult, ProblemHttpResult> WithArea(
        string code, AreaDirectory areas, Func<Area, GeoJsonResult> respond)
    {
        if (!AreaCode.TryParse(code, out var areaCode))
        {
            return Problems.Invalid("code", AreaTexts.BadCode);
        }

        return areas.Find(areaCode) is { } area
            ? respond(area)
            : Problems.NotFound(AreaTexts.NoSuchArea(areaCode.Value));
    }

    private static bool TryParseDegrees(string? text, double limit, out double degrees) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out degrees)
        && double.IsFinite(degrees)
        && Math.Abs(degrees) <= limit;

    private static FeatureCollection Collection(AreaDirectory areas, IEnumerable<Area> members)
    {
        var collection = new FeatureCollection();
        foreach (var area in members)
        {
            collection.Add(Feature(areas, area));
        }

        return collection;
    }

    /// <summary>
    /// An area as a Feature. Grid workers are listed without their phone numbers: map layers are
    /// widely visible, and contact details are personal data (domain.md §7).
    /// </summary>
    private static Feature Feature(AreaDirectory areas, Area area)
    {
        var attributes = new AttributesTable();
        attributes.Add(GeoJsonResult.FeatureIdAttribute, area.Code.Value);
        attributes.Add("code", area.Code.Value);
        attributes.Add("level", JsonNamingPolicy.CamelCase.ConvertName(area.Level.ToString()));
        attributes.Add("nameZh", area.Name.ZhCn);
        attributes.Add("nameEn", area.Name.En);
        attributes.Add("parentCode", area.ParentCode?.Value);
        attributes.Add("areaSquareMetres", Math.Round(area.AreaSquareMetres));
        attributes.Add("childCount", areas.Children(area.Code.Value).Count);
        if (area.Level == AreaLevel.Grid)
        {
            attributes.Add("workers", areas.WorkersOf(area.Code.Value)
                .Select(worker => new GridWorkerSummary(worker.Id, worker.NameZh, worker.NameEn, worker.IsGridLeader))
                .ToList());
        }

        return new Feature(area.Geometry, attributes);
    }
}

/// <summary>A grid worker as shown on a map: no contact details.</summary>
public sealed record GridWorkerSummary(string Id, string NameZh, string NameEn, bool IsGridLeader);

/// <summary>The answer of <c>GET /api/areas/resolve</c>: the grid, its ancestors and how it was chosen.</summary>
/// <param name="Rule">The deciding rule: <c>interior</c>, <c>boundary-lowest-code</c> or <c>overlap-lowest-code</c>.</param>
public sealed record ResolvedLocation(
    double Longitude,
    double Latitude,
    string GridCode,
    string GridNameZh,
    string GridNameEn,
    string CommunityCode,
    string StreetCode,
    string DistrictCode,
    IReadOnlyList<string> NearbyGridCodes,
    bool OnBoundary,
    string Rule);
