using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Routing;
using RuleOfLaw.Grains.Access;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.Grains.Privacy;
using RuleOfLaw.Web.Access;
using RuleOfLaw.Web.Actors;
using RuleOfLaw.Web.Errors;

namespace RuleOfLaw.Web.Incidents;

public sealed record IncidentResponse(IncidentRecord Incident, IReadOnlyList<string> Allowed);

/// <summary>A case's restricted fields and the time the read of them was recorded.</summary>
public sealed record RestrictedResponse(RestrictedDetails Restricted, DateTimeOffset RecordedAt);

/// <summary>
/// The open cases nearby a case likely duplicates, nearest first; what it was flagged as at intake;
/// and the original it is merged into, if any.
/// </summary>
public sealed record DuplicatesResponse(
    string IncidentId,
    string? MergedInto,
    IReadOnlyList<string> LikelyDuplicateOf,
    IReadOnlyList<DuplicateCandidateResponse> Candidates);

/// <summary>One candidate and the great-circle distance between the two reported points, in metres (0.1 m).</summary>
public sealed record DuplicateCandidateResponse(IncidentSummary Incident, double DistanceMeters);

public sealed record IncidentDetailsResponse(IncidentRecord Incident, IReadOnlyList<IncidentEvent> History, IReadOnlyList<string> Allowed);

/// <summary>
/// The closed loop over HTTP: report, then one endpoint per step. The endpoint checks the shape
/// of the request and hands the command with its actor to the incident grain, which decides.
/// </summary>
public static class IncidentsApi
{
    public static IEndpointRouteBuilder MapIncidentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/incidents").WithTags("Incidents");

        group.MapPost("/", Report).RequireDoor(Door.OfStep(CommandKind.Report)).WithName("ReportIncident").WithSummary("Report a case (idempotent by the client-generated id).");
        group.MapGet("/{id}", GetIncident).RequireDoor(Permission.ReadIncident).WithName("GetIncident").WithSummary("A case with its full history.");
        group.MapGet("/{id}/restricted", GetRestricted)
            .RequireDoor(Permission.ReadRestricted)
            .WithName("GetIncidentRestrictedFields")
            .WithSummary("The case's personal information and, for a sensitive case, its exact location; every read is recorded.");
        group.MapGet("/{id}/history", GetHistory).RequireDoor(Permission.ReadIncident).WithName("GetIncidentHistory").WithSummary("The events of a case, oldest first.");

        MapStep<StepRequest>(group, CommandKind.RequestVerification, "Ask the grid worker to verify a non-patrol report.");
        MapStep<VerifyRequest>(group, CommandKind.Verify, "The grid worker confirms (exists) or refutes the report.");
        MapStep<StepRequest>(group, CommandKind.SelfHandle, "The grid worker fixed a minor matter on the spot.");
        MapStep<StepRequest>(group, CommandKind.Forward, "Intake forwards the report to the shift leader.");
        MapStep<StepRequest>(group, CommandKind.Reject, "Reject the report (reason required).");
        MapStep<StepRequest>(group, CommandKind.Register, "Register the case (立案).");
        MapStep<StepRequest>(group, CommandKind.Void, "Void the case (reason required).");
        MapStep<DispatchRequest>(group, CommandKind.Dispatch, "Dispatch to the power list's lead unit, or to another unit with a reason.");
        MapStep<StepRequest>(group, CommandKind.Sign, "The unit signs for the case.");
        MapStep<StepRequest>(group, CommandKind.RequestReturn, "The unit asks to return a case that is not theirs.");
        MapStep<DecisionRequest>(group, CommandKind.DecideReturn, "The dispatcher approves or refuses a return.");
        MapStep<ExtensionRequest>(group, CommandKind.RequestExtension, "The unit asks for more handling time.");
        MapStep<DecisionRequest>(group, CommandKind.DecideExtension, "The dispatcher approves or refuses an extension.");
        MapStep<StepRequest>(group, CommandKind.RequestHang, "The unit asks to hang a case that cannot be handled now.");
        MapStep<DecisionRequest>(group, CommandKind.DecideHang, "The dispatcher approves or refuses a hang.");
        MapStep<StepRequest>(group, CommandKind.Resume, "Resume a hung case.");
        MapStep<StepRequest>(group, CommandKind.Handle, "The unit reports the result with an 'after' photo.");
        MapStep<StepRequest>(group, CommandKind.SendCheck, "Intake sends the grid worker to check on site.");
        MapStep<CheckRequest>(group, CommandKind.Check, "The grid worker's check: passed, or back for rework.");
        MapStep<CloseRequest>(group, CommandKind.Close, "The shift leader closes the case.");
        MapStep<SupervisionRequest>(group, CommandKind.IssueSupervision, "A leader's supervision order (督办): an instruction and the date a reply is due.");
        MapStep<SupervisionReplyRequest>(group, CommandKind.ReplySupervision, "The responsible unit replies to a supervision order.");
        MapStep<SummonsRequest>(group, CommandKind.Summon, "Whistle (吹哨): summon departments to the case, each to acknowledge by a time.");
        MapStep<AcknowledgementRequest>(group, CommandKind.AcknowledgeSummons, "Report in (报到): a summoned department acknowledges and states its commitment.");
        MapStep<MergeRequest>(group, CommandKind.Merge, "Merge this report into the original it duplicates; its reporter stays attached to the original (a retry is answered as it was).");
        MapStep<StepRequest>(group, CommandKind.Unmerge, "Undo the merge of this report (reason required).");
        group.MapGet("/{id}/duplicates", GetDuplicates)
            .RequireDoor(Permission.ReadIncident)
            .WithName("GetIncidentDuplicates")
            .WithSummary("The open cases nearby this one likely duplicates (same category family, within the radius and window), nearest first, with distances.");
        MapStep<RevisitRequest>(group, CommandKind.Revisit, "Intake revisits the reporter (回访); a disputed closure reopens the case as rework.");
        return app;
    }

    private static void MapStep<TRequest>(RouteGroupBuilder group, CommandKind kind, string summary)
        where TRequest : class, IStepRequest
    {
        group.MapPost($"/{{id}}/{CommandRoutes.Segment(kind)}", (
                string id,
                [FromBody(EmptyBodyBehavior = EmptyBodyBehavior.Allow)] TRequest? body,
                ClaimsPrincipal user,
                IGrainFactory grains,
                RuleOfLawMetrics metrics) => Step(kind, id, body, user, grains, metrics))
            .RequireDoor(Door.OfStep(kind))
            .WithName(kind.ToString())
            .WithSummary(summary);
    }

    private static async Task<Results<Created<IncidentResponse>, Ok<IncidentResponse>, ProblemHttpResult>> Report(
        ReportRequest? body, ClaimsPrincipal user, IGrainFactory grains, RuleOfLawMetrics metrics)
    {
        var started = Stopwatch.GetTimestamp();
        var receivedAt = DateTimeOffset.UtcNow;
        var actor = user.ToActor()!;
        if (body is null)
        {
            return Problems.Invalid("body", Text.Of("请求体须为上报内容的 JSON。", "A JSON body with the report is required."));
        }

        var errors = new Dictionary<string, LocalizedText[]>();
        if (!IncidentIds.TryNormalize(body.Id, out var id))
        {
            errors["id"] = [Text.Of("id 须为客户端生成的 UUID（建议 UUIDv7）。", "id must be a UUID generated by the client (UUIDv7 preferred).")];
        }

        Require(errors, "subcategory", Text.Of("事件小类", "subcategory"), body.Subcategory);
        Require(errors, "description", Text.Of("事件描述", "description"), body.Description);
        if (body.Longitude is null)
        {
            errors["longitude"] = [Text.Of("经度为必填项。", "longitude is required.")];
        }

        if (body.Latitude is null)
        {
            errors["latitude"] = [Text.Of("纬度为必填项。", "latitude is required.")];
        }

        var source = body.Source ?? (actor.Role == Role.GridWorker ? IncidentSource.Patrol : (IncidentSource?)null);
        if (source is null)
        {
            errors["source"] = [Text.Of("非巡查上报须注明事件来源。", "source is required for reports not made on patrol.")];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var command = new ReportIncident(
            actor,
            body.Subcategory!.Trim(),
            body.Description!,
            body.Longitude!.Value,
            body.Latitude!.Value,
            body.Address,
            source!.Value,
            body.Urgent ?? false,
            body.Attachments ?? [],
            body.Personal(),
            body.Sensitive ?? false);
        var result = await grains.GetGrain<IIncidentGrain>(id!).Report(command, receivedAt);
        metrics.CommandAcknowledged(nameof(CommandKind.Report), result.Status.ToString(), Stopwatch.GetElapsedTime(started));
        return result.Status switch
        {
            CommandStatus.Accepted => TypedResults.Created($"/api/incidents/{id}", Response(result.Incident!, actor)),
            CommandStatus.Replayed => TypedResults.Ok(Response(result.Incident!, actor)),
            _ => Refusal(result),
        };
    }

    private static async Task<Results<Ok<IncidentResponse>, ProblemHttpResult>> Step<TRequest>(
        CommandKind kind, string id, TRequest? body, ClaimsPrincipal user, IGrainFactory grains, RuleOfLawMetrics metrics)
        where TRequest : class, IStepRequest
    {
        var started = Stopwatch.GetTimestamp();
        var receivedAt = DateTimeOffset.UtcNow;
        if (!IncidentIds.TryNormalize(id, out var incidentId))
        {
            return Problems.Invalid("id", BadId);
        }

        // An empty body is fine for steps that need nothing; steps that need a field say which.
        IStepRequest request = (IStepRequest?)body ?? TRequest.Empty;
        var missing = request.MissingFields().ToDictionary(pair => pair.Field, pair => new[] { pair.Message });
        if (missing.Count > 0)
        {
            return Problems.Invalid(missing);
        }

        var actor = user.ToActor()!;
        var result = await grains.GetGrain<IIncidentGrain>(incidentId).Execute(request.ToCommand(kind, actor), receivedAt);
        metrics.CommandAcknowledged(kind.ToString(), result.Status.ToString(), Stopwatch.GetElapsedTime(started));
        // Replayed: a merge or its undo retried after it was made; the case is answered as it stands.
        return result.Status is CommandStatus.Accepted or CommandStatus.Replayed
            ? TypedResults.Ok(Response(result.Incident!, actor))
            : Refusal(result);
    }

    /// <summary>
    /// Candidates the caller may read: a grid worker sees those of their own grid only, though
    /// the search also looks across the boundary.
    /// </summary>
    private static async Task<Results<Ok<DuplicatesResponse>, ProblemHttpResult>> GetDuplicates(
        string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!IncidentIds.TryNormalize(id, out var incidentId))
        {
            return Problems.Invalid("id", BadId);
        }

        var search = await grains.GetGrain<IIncidentGrain>(incidentId).Duplicates();
        if (search is null)
        {
            return Problems.NotFound(NoSuchCase(incidentId));
        }

        if (user.Refuse(Permission.ReadIncident, search.Incident.Target()) is { } refused)
        {
            return refused;
        }

        var actor = user.ToActor()!;
        return TypedResults.Ok(new DuplicatesResponse(
            incidentId,
            search.Incident.MergedInto,
            search.Incident.LikelyDuplicateOf,
            search.Candidates
                .Where(candidate => AccessPolicy.Allows(actor, Permission.ReadIncident, candidate.Incident.Target()))
                .Select(candidate => new DuplicateCandidateResponse(candidate.Incident, Math.Round(candidate.DistanceMeters, 1)))
                .ToList()));
    }

    private static async Task<Results<Ok<IncidentDetailsResponse>, ProblemHttpResult>> GetIncident(
        string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!IncidentIds.TryNormalize(id, out var incidentId))
        {
            return Problems.Invalid("id", BadId);
        }

        var actor = user.ToActor()!;
        var details = await grains.GetGrain<IIncidentGrain>(incidentId).Details();
        if (details is null)
        {
            return Problems.NotFound(NoSuchCase(incidentId));
        }

        if (user.Refuse(Permission.ReadIncident, details.Incident.ReadTarget(user.ToActor())) is { } refused)
        {
            return refused;
        }

        return TypedResults.Ok(new IncidentDetailsResponse(
            PersonalData.Redact(details.Incident),
            PersonalData.Redact(details.History),
            CommandRoutes.Segments(IncidentLifecycle.AllowedCommands(details.Incident, actor))));
    }

    /// <summary>
    /// Restricted fields, by their own door so that every read is a deliberate act: the grain
    /// checks the reader against the policy table and records the read before answering.
    /// </summary>
    private static async Task<Results<Ok<RestrictedResponse>, ProblemHttpResult>> GetRestricted(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!IncidentIds.TryNormalize(id, out var incidentId))
        {
            return Problems.Invalid("id", BadId);
        }

        var reveal = await grains.GetGrain<IIncidentGrain>(incidentId).RevealRestricted(user.ToActor()!);
        return reveal.Status switch
        {
            RevealStatus.Revealed => TypedResults.Ok(new RestrictedResponse(reveal.Details!, reveal.ReadAt!.Value)),
            RevealStatus.Forbidden => Problems.Forbidden(reveal.Message!),
            _ => Problems.NotFound(NoSuchCase(incidentId)),
        };
    }

    private static async Task<Results<Ok<IReadOnlyList<IncidentEvent>>, ProblemHttpResult>> GetHistory(
        string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!IncidentIds.TryNormalize(id, out var incidentId))
        {
            return Problems.Invalid("id", BadId);
        }

        var details = await grains.GetGrain<IIncidentGrain>(incidentId).Details();
        if (details is null)
        {
            return Problems.NotFound(NoSuchCase(incidentId));
        }

        if (user.Refuse(Permission.ReadIncident, details.Incident.ReadTarget(user.ToActor())) is { } refused)
        {
            return refused;
        }

        return TypedResults.Ok(PersonalData.Redact(details.History));
    }

    /// <summary>The case and the steps this actor may take next: the pure rule answers, no second grain call.</summary>
    private static IncidentResponse Response(IncidentRecord incident, Actor actor) =>
        new(PersonalData.Redact(incident), CommandRoutes.Segments(IncidentLifecycle.AllowedCommands(incident, actor)));

    private static ProblemHttpResult Refusal(CommandResult result) => result.Status switch
    {
        CommandStatus.Invalid => Problems.Invalid(result.Errors),
        CommandStatus.NotFound => Problems.NotFound(result.Message ?? NoSuchCase(result.Incident?.Id ?? string.Empty)),

        // No state, version or allowed steps: a case outside the caller's reach tells them nothing.
        CommandStatus.Forbidden => Problems.Forbidden(result.Message ?? Text.Of("该步骤不由您办理。", "The step is not yours to take.")),
        CommandStatus.Unprocessable => Problems.Unprocessable(
            result.Message ?? Text.Of("该操作无法执行。", "The command cannot be applied."),
            new Dictionary<string, object?>
            {
                ["errors"] = result.Errors.ToDictionary(pair => pair.Key, pair => pair.Value.Select(Problems.Localize).ToArray()),
            }),
        _ => Problems.Conflict(
            result.Message ?? Text.Of("当前不能执行该步骤。", "The step is not allowed now."),
            new Dictionary<string, object?>
            {
                ["state"] = result.Incident?.State.ToString(),
                ["version"] = result.Incident?.Version,
                ["allowed"] = CommandRoutes.Segments(result.Allowed),
            }),
    };

    private static void Require(Dictionary<string, LocalizedText[]> errors, string field, LocalizedText label, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = [Text.Of($"{label.ZhCn}为必填项。", $"{label.En} is required.")];
        }
    }

    public static LocalizedText NoSuchCase(string id) => Text.Of($"没有编号为 {id} 的事件。", $"No case with id {id}.");

    internal static LocalizedText BadId => Text.Of("id 须为 UUID。", "id must be a UUID.");
}
