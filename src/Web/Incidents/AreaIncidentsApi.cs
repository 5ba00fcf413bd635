using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using RuleOfLaw.Grains.Access;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.Web.Access;
using RuleOfLaw.Web.Actors;
using RuleOfLaw.Web.Areas;
using RuleOfLaw.Web.Errors;

namespace RuleOfLaw.Web.Incidents;

public sealed record CountersResponse(
    string Area,
    int Open,
    int Total,
    IReadOnlyDictionary<IncidentState, int> ByState,
    IReadOnlyDictionary<string, int> ByCategory,
    IReadOnlyList<StateCount> Rows);

/// <summary>The cases and counters of an area at any level (district, street, community, grid).</summary>
public static class AreaIncidentsApi
{
    public static IEndpointRouteBuilder MapAreaIncidentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/areas").WithTags("Areas");
        group.MapGet("/{code}/incidents", List)
            .RequireDoor(Permission.ReadArea)
            .WithName("ListAreaIncidents")
            .WithSummary("Open cases of an area, newest first; filters: state (repeatable), category, grid; paging: page, pageSize.");
        group.MapGet("/{code}/counters", Counters)
            .RequireDoor(Permission.ReadArea)
            .WithName("GetAreaCounters")
            .WithSummary("Counters of an area by state and category.");
        return app;
    }

    private static async Task<Results<Ok<IncidentPage>, ProblemHttpResult>> List(
        string code,
        string[]? state,
        string? category,
        string? grid,
        string? page,
        string? pageSize,
        ClaimsPrincipal user,
        AreaDirectory areas,
        CatalogueBook catalogue,
        AreaIncidents incidents)
    {
        if (AreaRequests.Resolve(code, Permission.ReadArea, user, areas, out var area) is { } problem)
        {
            return problem;
        }

        var errors = new Dictionary<string, LocalizedText[]>();

        var query = IncidentListQuery.Parse(state, category, page, pageSize, catalogue, errors);
        var scope = area;
        if (grid is not null)
        {
            if (!AreaCode.TryParse(grid, out var gridCode) || !gridCode.IsGrid)
            {
                errors["grid"] = [Text.Of("grid 须为 15 位网格编码。", "grid must be a 15-digit grid code.")];
            }
            else if (!area.Contains(gridCode) || areas.Find(gridCode.Value) is null)
            {
                errors["grid"] = [Text.Of($"网格 {grid} 不属于区域 {area}。", $"Grid {grid} is not a grid of area {area}.")];
            }
            else
            {
                scope = gridCode;
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        return TypedResults.Ok(query.PageOf(scope.Value, await incidents.OpenUnder(scope, query.Filter)));
    }

    private static async Task<Results<Ok<CountersResponse>, ProblemHttpResult>> Counters(
        string code, ClaimsPrincipal user, AreaDirectory areas, AreaIncidents incidents)
    {
        if (AreaRequests.Resolve(code, Permission.ReadArea, user, areas, out var area) is { } problem)
        {
            return problem;
        }

        var table = await incidents.Counters(area);
        return TypedResults.Ok(new CountersResponse(area.Value, table.Open, table.Total, table.ByState(), table.ByCategory(), table.Rows));
    }
}
