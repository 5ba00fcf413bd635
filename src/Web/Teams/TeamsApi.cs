using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using RuleOfLaw.Grains.Access;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Teams;
using RuleOfLaw.Web.Access;
using RuleOfLaw.Web.Actors;
using RuleOfLaw.Web.Errors;
using RuleOfLaw.Web.Units;

namespace RuleOfLaw.Web.Teams;

/// <summary>A status change as a member sends it.</summary>
public sealed record TeamStatusRequest(TeamStatus? Status, string? Reason);

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
            .WithSummary("A member changes the team's status (available, dispatched, en route, on scene, returning, out of service).");
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
        string id, TeamStatusRequest? body, ClaimsPrincipal user, CatalogueBook catalogue, IGrainFactory grains)
    {
        if (catalogue.FindUnit(id) is not { Kind: UnitKind.FieldTeam } team)
        {
            return Problems.NotFound(NoSuchTeam(id));
        }

        if (body?.Status is not { } status)
        {
            return Problems.Invalid("status", Text.Of(
                $"须填写 status：{string.Join("、", Enum.GetNames<TeamStatus>())} 之一。",
                $"status is required: one of {string.Join(", ", Enum.GetNames<TeamStatus>())}."));
        }

        if (body.Reason is { Length: > 500 })
        {
            return Problems.Invalid("reason", Text.Of("理由最多 500 个字。", "The reason is at most 500 characters long."));
        }

        var result = await grains.GetGrain<ITeamGrain>(team.Id).Change(user.ToActor()!, status, body.Reason);
        return result.Status switch
        {
            TeamChangeStatus.Changed => TypedResults.Ok(result.Team!),
            TeamChangeStatus.Forbidden => Problems.Forbidden(result.Message!),
            TeamChangeStatus.NotFound => Problems.NotFound(NoSuchTeam(id)),
            TeamChangeStatus.Invalid => Problems.Invalid("status", result.Message!),
            _ => Problems.Conflict(result.Message!, new Dictionary<string, object?>
            {
                ["status"] = result.Team?.Status.ToString(),
                ["allowed"] = result.Team is { } held ? TeamStatusRules.From(held.Status).Select(next => next.ToString()).ToArray() : [],
            }),
        };
    }

    /// <summary>A member of the team reads it as their own; everyone else through the unit it belongs to.</summary>
    private static AccessTarget ReadTarget(UnitInfo team, ClaimsPrincipal user, CatalogueBook catalogue) =>
        user.ToActor()?.UnitId == team.Id || team.ParentUnitId is null || catalogue.FindUnit(team.ParentUnitId) is not { } parent
            ? team.Target()
            : parent.Target();

    private static LocalizedText NoSuchTeam(string id) => Text.Of($"没有编号为 {id} 的队伍。", $"No field team with id {id}.");
}
