using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using RuleOfLaw.Grains.Access;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Positions;
using RuleOfLaw.Web.Access;
using RuleOfLaw.Web.Actors;
using RuleOfLaw.Web.Errors;

namespace RuleOfLaw.Web.Workers;

/// <summary>A device's position report; <c>at</c> is when the device took it (defaults to receipt).</summary>
public sealed record PositionReport(double? Longitude, double? Latitude, double? AccuracyMetres, DateTimeOffset? At);

/// <summary>Several position reports in one request, oldest or newest first (each carries its own <c>at</c>).</summary>
public sealed record PositionBatch(IReadOnlyList<PositionReport?>? Positions);

/// <summary>
/// Where grid workers are. Phones on a socket send positions through the live hub
/// (<c>UpdatePosition</c>, or <c>UpdatePositions</c> for what they gathered since the last send);
/// these endpoints serve clients without one, the batch one a track recorded while offline. All go
/// through <see cref="Positions"/>.
/// </summary>
public static class PositionsApi
{
    public static IEndpointRouteBuilder MapPositionsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/positions", Report)
            .WithTags("Positions")
            .RequireDoor(Permission.SendPositions)
            .WithName("ReportPosition")
            .WithSummary("A grid worker's current position (high rate, kept in memory).");
        app.MapPost("/api/positions/batch", ReportMany)
            .WithTags("Positions")
            .RequireDoor(Permission.SendPositions)
            .WithName("ReportPositions")
            .WithSummary("A track recorded while offline (or what a device gathered since its last send): 1 to 500 positions, all taken or none.");
        return app;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Report(PositionReport? body, ClaimsPrincipal user, Positions positions) =>
        Answer(await positions.Accept(user.ToActor()!, body));

    private static async Task<Results<NoContent, ProblemHttpResult>> ReportMany(PositionBatch? body, ClaimsPrincipal user, Positions positions) =>
        Answer(await positions.AcceptMany(user.ToActor()!, body?.Positions));

    private static Results<NoContent, ProblemHttpResult> Answer(PositionOutcome outcome) =>
        outcome switch
        {
            PositionOutcome.Accepted => TypedResults.NoContent(),
            PositionOutcome.Invalid(var errors) => Problems.Invalid(errors),
            PositionOutcome.Forbidden(var reason) => Problems.Forbidden(reason),
            PositionOutcome.NotLocated(var reason) => Problems.Unprocessable(reason),
            _ => throw new UnreachableException(),
        };
}

public abstract record PositionOutcome
{
    public sealed record Accepted : PositionOutcome;

    public sealed record Invalid(IReadOnlyDictionary<string, LocalizedText[]> Errors) : PositionOutcome;

    public sealed record Forbidden(LocalizedText Reason) : PositionOutcome;

    /// <summary>The sender passed the door but has no position of their own (a department's handler).</summary>
    public sealed record NotLocated(LocalizedText Reason) : PositionOutcome;
}

/// <summary>Checks position reports and hands them to the worker's grain; counts what it accepted.</summary>
public sealed class Positions(GrainReferences<ITrackerGrain> trackers, CatalogueBook catalogue, TimeProvider time)
{
    /// <summary>
    /// Most fixes one message may carry. A device that gathered more (a long stretch without
    /// signal) sends them in several messages, so no single message holds a grain call for long.
    /// </summary>
    public const int MaxFixesPerMessage = 500;

    private long _accepted;

    /// <summary>Positions accepted since the node started (read by the diagnostics endpoint).</summary>
    public long AcceptedCount => Interlocked.Read(ref _accepted);

    /// <summary>One fix, as a phone on the move sends it.</summary>
    public ValueTask<PositionOutcome> Accept(Actor actor, PositionReport? report) =>
        Accept(actor, [report], static (_, field) => field, static (_, text) => text);

    /// <summary>
    /// The fixes a device gathered since its last send, in one message and one grain call: every
    /// fix is checked and either all are taken or none is.
    /// </summary>
    public ValueTask<PositionOutcome> AcceptMany(Actor actor, IReadOnlyList<PositionReport?>? reports)
    {
        if (Refusal(actor) is { } refusal)
        {
            return ValueTask.FromResult(refusal);
        }

        if (reports is null || reports.Count is 0 or > MaxFixesPerMessage)
        {
            var message = Text.Of(
                $"一次须上报 1 至 {MaxFixesPerMessage} 个定位。",
                $"Send from 1 to {MaxFixesPerMessage} positions at a time.");
            return ValueTask.FromResult<PositionOutcome>(new PositionOutcome.Invalid(new Dictionary<string, LocalizedText[]> { ["positions"] = [message] }));
        }

        return Accept(
            actor,
            reports,
            static (index, field) => $"positions[{index}].{field}",
            static (index, text) => Text.Of($"第 {index + 1} 个定位：{text.ZhCn}", $"Position {index + 1}: {text.En}"));
    }

    /// <summary>The door is checked here as well as on the endpoint: the hub reaches this class directly.</summary>
    private PositionOutcome? Refusal(Actor actor)
    {
        if (AccessPolicy.Refusal(actor, Door.Of(Permission.SendPositions), new AccessTarget(actor.AreaScope, actor.UnitId)) is { } reason)
        {
            return new PositionOutcome.Forbidden(reason);
        }

        // Not a refusal of the door (a handler passes it for their own unit) but of the unit: only
        // a field team is somewhere.
        return SubjectOf(actor) is null ? new PositionOutcome.NotLocated(OnlyFieldTeams) : null;
    }

    /// <summary>
    /// Whose position the actor sends and the area it belongs to: a grid worker's own, in their
    /// grid; a unit handler's only when their unit is a field team (the team's, in its area).
    /// </summary>
    public (PositionSubject Subject, string HomeArea)? SubjectOf(Actor actor) => actor.Role switch
    {
        Role.GridWorker => (PositionSubject.Worker(actor.UserId), actor.AreaScope.ToString()),
        Role.UnitHandler when actor.UnitId is { } unit && catalogue.FindUnit(unit) is { Kind: UnitKind.FieldTeam } team =>
            (PositionSubject.Team(team.Id), team.AreaCode),
        _ => null,
    };

    private async ValueTask<PositionOutcome> Accept(
        Actor actor,
        IReadOnlyList<PositionReport?> reports,
        Func<int, string, string> fieldName,
        Func<int, LocalizedText, LocalizedText> placed)
    {
        if (Refusal(actor) is { } refusal)
        {
            return refusal;
        }

        var errors = new Dictionary<string, LocalizedText[]>();
        for (var index = 0; index < reports.Count; index++)
        {
            foreach (var (field, message) in Problems(reports[index]))
            {
                errors[fieldName(index, field)] = [placed(index, message)];
            }
        }

        if (errors.Count > 0)
        {
            return new PositionOutcome.Invalid(errors);
        }

        var now = time.GetUtcNow();
        var fixes = reports
            .Select(report => new PositionFix(report!.Longitude!.Value, report.Latitude!.Value, report.AccuracyMetres, report.At ?? now, now))
            .ToArray();
        var (subject, homeArea) = SubjectOf(actor)!.Value;
        await trackers.For(subject.Key).UpdatePositions(fixes, homeArea);
        Interlocked.Add(ref _accepted, fixes.Length);
        return new PositionOutcome.Accepted();
    }

    private static IEnumerable<(string Field, LocalizedText Message)> Problems(PositionReport? report)
    {
        if (report?.Longitude is not { } longitude || !Coordinates.IsLongitude(longitude))
        {
            yield return ("longitude", Coordinates.LongitudeOutOfRange);
        }

        if (report?.Latitude is not { } latitude || !Coordinates.IsLatitude(latitude))
        {
            yield return ("latitude", Coordinates.LatitudeOutOfRange);
        }

        if (report?.AccuracyMetres is { } accuracy && (!double.IsFinite(accuracy) || accuracy < 0))
        {
            yield return ("accuracyMetres", AccuracyNotValid);
        }
    }

    private static LocalizedText OnlyFieldTeams { get; } =
        Text.Of("只有网格员和外勤队伍的成员上报位置。", "Only grid workers and members of field teams send positions.");

    private static LocalizedText AccuracyNotValid { get; } =
        Text.Of("定位精度须为非负数（米）。", "accuracyMetres must be a non-negative number of metres.");
}
