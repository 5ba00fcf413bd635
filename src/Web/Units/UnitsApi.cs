using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using RuleOfLaw.Grains.Access;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.Grains.Units;
using RuleOfLaw.Web.Access;
using RuleOfLaw.Web.Actors;
using RuleOfLaw.Web.Errors;
using RuleOfLaw.Web.Incidents;

namespace RuleOfLaw.Web.Units;

/// <summary>The units cases are dispatched to, and each unit's work queue.</summary>
public static class UnitsApi
{
    public static IEndpointRouteBuilder MapUnitsApi(this IEndpointRouteBuilder app)
    {
        var units = app.MapGroup("/api/units").WithTags("Units");
        units.MapGet("/", (CatalogueBook book) => TypedResults.Ok(book.Units)).RequireDoor(Permission.ReadReference).WithName("GetUnits").WithSummary("Every unit.");
        units.MapGet("/{id}", OneUnit).RequireDoor(Permission.ReadReference).WithName("GetUnit").WithSummary("One unit.");
        units.MapGet("/{id}/incidents", Queue)
            .RequireDoor(Permission.ReadUnitQueue)
            .WithName("ListUnitIncidents")
            .WithSummary("The unit's open cases (its work queue), newest first; filters: state (repeatable), category; paging: page, pageSize.");
        return app;
    }

    private static Results<Ok<UnitInfo>, ProblemHttpResult> OneUnit(string id, CatalogueBook book) =>
        book.FindUnit(id) is { } unit ? TypedResults.Ok(unit) : Problems.NotFound(NoSuchUnit(id));

    private static async Task<Results<Ok<IncidentPage>, ProblemHttpResult>> Queue(
        string id,
        string[]? state,
        string? category,
        string? page,
        string? pageSize,
        ClaimsPrincipal user,
        CatalogueBook catalogue,
        IGrainFactory grains)
    {
        if (catalogue.FindUnit(id) is not { } unit)
        {
            return Problems.NotFound(NoSuchUnit(id));
        }

        if (user.Refuse(Permission.ReadUnitQueue, unit.Target()) is { } refused)
        {
            return refused;
        }

        var errors = new Dictionary<string, LocalizedText[]>();
        var query = IncidentListQuery.Parse(state, category, page, pageSize, catalogue, errors);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        return TypedResults.Ok(query.PageOf(id, await grains.GetGrain<IUnitGrain>(id).OpenIncidents(query.Filter)));
    }

    public static LocalizedText NoSuchUnit(string id) => Text.Of($"没有编号为 {id} 的处置单位。", $"No unit with id {id}.");
}
