using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using RuleOfLaw.Grains.Access;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.Grains.Teams;
using RuleOfLaw.Web.Access;
using RuleOfLaw.Web.Actors;
using RuleOfLaw.Web.Errors;
using RuleOfLaw.Web.Incidents;
using RuleOfLaw.Web.Units;

namespace RuleOfLaw.Web.Teams;

/// <summary>A status change as a member sends it: <paramref name="Status"/> is a canonical name or a local code (<c>Teams:LocalStatuses</c>).</summary>
public sealed record TeamStatusRequest(string? Status, string? Reason);

/// <summary>
/// The field teams of <paramref name="UnitId"/> ranked for one case, best first, with the reasons;
/// <paramref name="LeadUnit"/> says whether that unit is the power list's choice for the case.
/// </summary>
public sealed record TeamRecommendationResponse(
    string IncidentId,
    string UnitId,
    LocalizedText UnitName,
    bool LeadUnit,
    IReadOnlyList<TeamRecommendation> Teams,
    DateTimeOffset RankedAt);

/// <summary>Field teams (units of kind FieldTeam) and their status (domain.md §4).</summary>
public static class TeamsApi
{
    public static IEndpointRouteBuilder MapTeamsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/units/{id}/teams", OfUnit)
            .WithTags("Teams")
            .RequireDoor(Permission.ReadUnitQueue)
            .WithName("ListUnitTeams")
            .WithSummary("The unit's field teams with their status, since when, and whether they overstay it.");
        var teams = app.MapGroup("/api/teams").WithTags("Teams");
        teams.MapGet("/{id}", One)
            .RequireDoor(Permission.ReadUnitQueue)
            .WithName("GetTeam")
            .WithSummary("One field team: status, since when, warnings and its recent changes.");
        teams.MapPost("/{id}/status", Change)
            .RequireDoor(Permission.ChangeTeamStatus)
            .WithName("ChangeTeamStatus")
            .WithSummary("A member changes the team's status: a canonical name (available, dispatched, en route, on scene, returning, out of service) or one of the district's local codes (Teams:LocalStatuses).");
        app.MapGet("/api/incidents/{id}/team-recommendation", Recommend)
            .WithTags("Teams")
            .RequireDoor(Door.OfStep(CommandKind.Dispatch))
            .WithName("RecommendTeams")
            .WithSummary("The field teams of a unit (default: the power list's lead unit for the case) ranked for dispatch: available, then returning, then busy; nearest first; fewest open cases first; with reasons.");
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<TeamView>>, ProblemHttpResult>> OfUnit(
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

        var views = await Task.WhenAll(catalogue.Units
            .Where(team => team.Kind == UnitKind.FieldTeam && team.ParentUnitId == unit.Id)
            .Select(team => grains.GetGrain<ITeamGrain>(team.Id).View()));
        return TypedResults.Ok<IReadOnlyList<TeamView>>([.. views.OfType<TeamView>()]);
    }

    private static async Task<Results<Ok<TeamView>, ProblemHttpResult>> One(string id, ClaimsPrincipal user, CatalogueBook catalogue, IGrainFactory grains)
    {
        if (catalogue.FindUnit(id) is not { Kind: UnitKind.FieldTeam } team)
        {
            return Problems.NotFound(NoSuchTeam(id));
        }

        if (user.Refuse(Permission.ReadUnitQueue, ReadTarget(team, user, catalogue)) is { } refused)
        {
            return refused;
        }

        return TypedResults.Ok((await grains.GetGrain<ITeamGrain>(team.Id).View())!);
    }

    private static async Task<Results<Ok<TeamView>, ProblemHttpResult>> Change(
        string id, TeamStatusRequest? body, ClaimsPrincipal user, CatalogueBook catalogue, IGrainFactory grains, IOptions<TeamOptions> options)
    {
        if (catalogue.FindUnit(id) is not { Kind: UnitKind.FieldTeam } team)
        {
            return Problems.NotFound(NoSuchTeam(id));
        }

        if (body?.Status is not { } sent || string.IsNullOrWhiteSpace(sent))
        {
            var accepted = options.Value.Local.Accepted;
            return Problems.Invalid("status", Text.Of(
                $"须填写 status：{string.Join("、", accepted)} 之一。",
                $"status is required: one of {string.Join(", ", accepted)}."));
        }

        if (body.Reason is { Length: > 500 })
        {
            return Problems.Invalid("reason", Text.Of("理由最多 500 个字。", "The reason is at most 500 characters long."));
        }

        var result = await grains.GetGrain<ITeamGrain>(team.Id).Change(user.ToActor()!, sent, body.Reason);
        return result.Status switch
        {
            TeamChangeStatus.Changed => TypedResults.Ok(result.Team!),
            TeamChangeStatus.Forbidden => Problems.Forbidden(result.Message!),
            TeamChangeStatus.NotFound => Problems.NotFound(NoSuchTeam(id)),
            TeamChangeStatus.Invalid => Problems.Invalid("status", result.Message!),
            _ => Problems.Conflict(result.Message!, new Dictionary<string, object?>
            {
                ["status"] = result.Team?.Status.ToString(),
                ["localStatus"] = result.Team?.LocalStatus,
                // The canonical steps, as before local names; `choices` adds the local ones.
                ["allowed"] = result.Team is { } held ? TeamStatusRules.From(held.Status).Select(next => next.ToString()).ToArray() : [],
                ["choices"] = result.Team?.Choices ?? [],
            }),
        };
    }

    /// <summary>
    /// The ranking as it stands now, for those who dispatch the case: the dispatch ranks again at
    /// its own moment and records the rank the chosen team has then.
    /// </summary>
    private static async Task<Results<Ok<TeamRecommendationResponse>, ProblemHttpResult>> Recommend(
        string id, string? unitId, ClaimsPrincipal user, CatalogueBook catalogue, ILifecycleContext context, IGrainFactory grains, TimeProvider time)
    {
        if (!IncidentIds.TryNormalize(id, out var incidentId))
        {
            return Problems.Invalid("id", IncidentsApi.BadId);
        }

        if (await grains.GetGrain<IIncidentGrain>(incidentId).Details() is not { Incident: var incident })
        {
            return Problems.NotFound(IncidentsApi.NoSuchCase(incidentId));
        }

        if (user.Refuse(Door.OfStep(CommandKind.Dispatch), incident.Target()) is { } refused)
        {
            return refused;
        }

        var lead = IncidentLifecycle.LeadUnit(incident, context);
        var named = string.IsNullOrWhiteSpace(unitId) ? null : unitId.Trim();
        if ((named ?? lead) is not { } chosen)
        {
            return Problems.Invalid("unitId", Text.Of("权责清单没有为该事件指定主办单位，请指定 unitId。", "The power list names no lead unit for this case: give unitId."));
        }

        if (catalogue.FindUnit(chosen) is not { } unit)
        {
            return Problems.Invalid("unitId", Text.Of($"“{chosen}”不是已登记的处置单位。", $"'{chosen}' is not a known unit."));
        }

        var ranking = await TeamCandidates.Rank(grains, catalogue, unit.Id, TeamCandidates.LocationOf(incident));
        return TypedResults.Ok(new TeamRecommendationResponse(incidentId, unit.Id, unit.Name, unit.Id == lead, ranking.Teams, time.GetUtcNow()));
    }

    /// <summary>A member of the team reads it as their own; everyone else through the unit it belongs to.</summary>
    private static AccessTarget ReadTarget(UnitInfo team, ClaimsPrincipal user, CatalogueBook catalogue) =>
        user.ToActor()?.UnitId == team.Id || team.ParentUnitId is null || catalogue.FindUnit(team.ParentUnitId) is not { } parent
            ? team.Target()
            : parent.Target();

    private static LocalizedText NoSuchTeam(string id) => Text.Of($"没有编号为 {id} 的队伍。", $"No field team with id {id}.");
}
