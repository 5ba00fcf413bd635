using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using RuleOfLaw.Grains.Access;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Escalation;
using RuleOfLaw.Grains.Queues;
using RuleOfLaw.Grains.Supervision;
using RuleOfLaw.Web.Access;
using RuleOfLaw.Web.Actors;
using RuleOfLaw.Web.Areas;
using RuleOfLaw.Web.Errors;
using RuleOfLaw.Web.Units;

namespace RuleOfLaw.Web.Supervision;

/// <summary>A department's summonses and what is counted against it.</summary>
public sealed record SummonsQueueResponse(string UnitId, SummonsTally Tally, IReadOnlyList<SummonsLine> Summonses);

/// <summary>
/// The queues accountability works from: escalated cases at each level above the grid and at the
/// departments, each leader's supervision orders (督办), each department's summonses (吹哨报到).
/// </summary>
public static class SupervisionApi
{
    public static IEndpointRouteBuilder MapSupervisionApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/areas/{code}/escalations", AreaEscalations)
            .RequireDoor(Permission.ReadArea)
            .WithTags("Supervision")
            .WithName("ListAreaEscalations")
            .WithSummary("Cases escalated to this community, street or district (for a grid: its cases escalated to its community), highest rung first, then the longest overdue.");
        app.MapGet("/api/units/{id}/escalations", UnitEscalations)
            .RequireDoor(Permission.ReadUnitQueue)
            .WithTags("Supervision")
            .WithName("ListUnitEscalations")
            .WithSummary("Cases escalated to the top of the ladder at this department.");
        app.MapGet("/api/units/{id}/summonses", UnitSummonses)
            .RequireDoor(Permission.ReadUnitQueue)
            .WithTags("Supervision")
            .WithName("ListUnitSummonses")
            .WithSummary("Summonses of this department, still owed first, with the counts held against it.");
        app.MapGet("/api/supervision", OwnOrders)
            .RequireDoor(Permission.ReadSupervision)
            .WithTags("Supervision")
            .WithName("ListOwnSupervisionOrders")
            .WithSummary("The caller's supervision orders: overdue and awaiting replies first.");
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<EscalationEntry>>, ProblemHttpResult>> AreaEscalations(
        string code, ClaimsPrincipal user, AreaDirectory areas, IGrainFactory grains)
    {
        if (AreaRequests.Resolve(code, Permission.ReadArea, user, areas, out var area) is { } problem)
        {
            return problem;
        }

        // A grid is the bottom of the ladder: its grid worker sees which of its cases went up to the community.
        var level = area.IsGrid ? area.AtLevel(AreaLevel.Community) : area;
        var entries = await grains.GetGrain<ICaseQueueGrain<EscalationEntry>>(EscalationQueues.OfArea(level.Value)).Entries();
        return TypedResults.Ok<IReadOnlyList<EscalationEntry>>(area.IsGrid ? [.. entries.Where(entry => entry.GridCode == area.Value)] : entries);
    }

    private static async Task<Results<Ok<IReadOnlyList<EscalationEntry>>, ProblemHttpResult>> UnitEscalations(
        string id, ClaimsPrincipal user, CatalogueBook catalogue, IGrainFactory grains)
    {
        if (catalogue.FindUnit(id) is not { } unit)
        {
            return Problems.NotFound(UnitsApi.NoSuchUnit(id));
        }

        if (user.Refuse(Permission.ReadUnitQueue, unit.Target()) is { } refused)
        {
            return refused;
        }

        return TypedResults.Ok(await grains.GetGrain<ICaseQueueGrain<EscalationEntry>>(EscalationQueues.OfUnit(unit.Id)).Entries());
    }

    private static async Task<Results<Ok<SummonsQueueResponse>, ProblemHttpResult>> UnitSummonses(
        string id, ClaimsPrincipal user, CatalogueBook catalogue, IGrainFactory grains)
    {
        if (catalogue.FindUnit(id) is not { } unit)
        {
            return Problems.NotFound(UnitsApi.NoSuchUnit(id));
        }

        if (user.Refuse(Permission.ReadUnitQueue, unit.Target()) is { } refused)
        {
            return refused;
        }

        var lines = await grains.GetGrain<ICaseQueueGrain<SummonsLine>>(SupervisionQueues.OfUnit(unit.Id)).Entries();
        return TypedResults.Ok(new SummonsQueueResponse(unit.Id, SummonsTally.Of(lines), lines));
    }

    private static async Task<Ok<IReadOnlyList<SupervisionLine>>> OwnOrders(ClaimsPrincipal user, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<ICaseQueueGrain<SupervisionLine>>(SupervisionQueues.OfLeader(user.ToActor()!.UserId)).Entries());
}
