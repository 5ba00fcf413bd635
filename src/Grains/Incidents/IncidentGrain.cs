using Microsoft.Extensions.Logging;
using RuleOfLaw.Grains.Access;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Assessment;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Live;
using RuleOfLaw.Grains.Privacy;
using RuleOfLaw.Grains.Units;

namespace RuleOfLaw.Grains.Incidents;

/// <summary>
/// An event-sourced case. The rule decides, the event is appended durably, and only then is the
/// command acknowledged, the grid told and a delta handed to the local notifier. The grain keeps
/// the folded record and the history in memory; both are rebuilt from the store on activation.
/// </summary>
public sealed partial class IncidentGrain(
    IIncidentStore store,
    ILifecycleContext context,
    LiveNotifier notifier,
    RuleOfLawMetrics metrics,
    TimeProvider time,
    ILogger<IncidentGrain> logger) : Grain, IIncidentGrain
{
    private readonly List<IncidentEvent> _history = [];
    private IncidentRecord? _record;

    /// <summary>The seal of the last stored event: the next event chains to it.</summary>
    private string _lastHash = AuditChain.Genesis;

    private string IncidentId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken) => Load(cancellationToken);

    /// <summary>Rebuilds the held record and history from the store; true when the store had more than was held.</summary>
    private async Task<bool> Load(CancellationToken cancellationToken = default)
    {
        var stored = await store.ReadEvents(IncidentId, cancellationToken);
        var held = _history.Count;
        _history.Clear();
        _history.AddRange(stored.Select(IncidentEventJson.FromStored));
        _record = IncidentLifecycle.Replay(IncidentId, _history);
        _lastHash = stored.Count > 0 ? stored[^1].Hash : AuditChain.Genesis;
        return stored.Count > held;
    }

    public async Task<CommandResult> Report(ReportIncident command, DateTimeOffset receivedAt)
    {
        if (_record is not null)
        {
            // A retry of a report that was already acknowledged: answer from what was stored.
            return IsSameReport(command)
                ? Result(CommandStatus.Replayed)
                : Refusal(new Refused(
                    RefusalKind.ConflictingRetry,
                    Text.Of("已有使用此编号的上报，但内容不同。", "A report with this id already exists with different content."),
                    Refused.NoFieldErrors,
                    []));
        }

        return await Commit(command, receivedAt);
    }

    public Task<CommandResult> Execute(IncidentCommand command, DateTimeOffset receivedAt) =>
        command is ReportIncident report ? Report(report, receivedAt) : Commit(command, receivedAt);

    public async Task<RestrictedReveal> RevealRestricted(Actor reader)
    {
        if (_record is null)
        {
            DeactivateOnIdle();
            return new RestrictedReveal(RevealStatus.NotFound, null, null, null);
        }

        var target = AccessTarget.OfIncident(_record.GridCode, _record.AssignedUnitId);
        if (AccessPolicy.Refusal(reader, Door.Of(Permission.ReadRestricted), target) is { } refusal)
        {
            return new RestrictedReveal(RevealStatus.Forbidden, null, refusal, null);
        }

        var at = time.GetUtcNow();
        await GrainFactory.GetGrain<IRestrictedReadLogGrain>(IncidentId).Record(new RestrictedRead(reader.UserId, reader.Role, reader.UnitId, at));
        return new RestrictedReveal(RevealStatus.Revealed, PersonalData.RestrictedOf(_record), null, at);
    }

    public Task<IncidentDetails?> Details()
    {
        if (_record is null)
        {
            DeactivateOnIdle();
            return Task.FromResult<IncidentDetails?>(null);
        }

        return Task.FromResult<IncidentDetails?>(new IncidentDetails(_record, _history.ToList()));
    }

    public async Task<IncidentAudit?> Audit()
    {
        if (_record is null)
        {
            DeactivateOnIdle();
            return null;
        }

        // Inside the grain's turn no append interleaves, so the version held here is the one the
        // store must reach: fewer stored events means some were deleted.
        var stored = await store.ReadEvents(IncidentId);
        return new IncidentAudit(_record, stored.Select(AuditedEvent.Of).ToList(), AuditChain.Verify(IncidentId, stored, _record.Version));
    }

    private async Task<CommandResult> Commit(IncidentCommand command, DateTimeOffset receivedAt)
    {
        var decision = IncidentLifecycle.Decide(_record, command, time.GetUtcNow(), context);
        if (decision is Refused && await Load())
        {
            // While membership settles after a node is lost or restarted, a second activation of
            // this case may have committed steps this one has not seen: a refusal must rest on
            // the stored history, never on a stale copy, so decide again on what is stored.
            LogStaleActivation(logger, IncidentId, _record?.Version ?? 0);
            decision = IncidentLifecycle.Decide(_record, command, time.GetUtcNow(), context);
        }

        if (decision is not Accepted { Event: var e })
        {
            if (_record is null)
            {
                DeactivateOnIdle();
            }

            return Refusal((Refused)decision);
        }

        var next = IncidentLifecycle.Apply(_record, e, IncidentId);
        var sealedEvent = IncidentEventJson.ToStored(IncidentId, e, _lastHash);
        bool appended;
        try
        {
            appended = await store.Append(
                IncidentId, _record?.Version ?? 0, [sealedEvent], IncidentEventJson.ToProjection(next));
        }
        catch (StoreUnavailableException)
        {
            // A connection that broke during the commit leaves its outcome unknown: rebuild from
            // the store on the next call rather than trust the version held here.
            DeactivateOnIdle();
            throw;
        }

        if (!appended)
        {
            // Another activation wrote first (only possible while membership settles after a
            // failure): drop this activation so the next call rebuilds from the store.
            LogConcurrentAppend(logger, IncidentId, e.Version);
            DeactivateOnIdle();
            return new CommandResult(
                CommandStatus.NotAllowed,
                _record,
                Text.Of("事件刚被他人更新，请刷新后重试。", "The case changed concurrently; reload it and retry."),
                Refused.NoFieldErrors,
                []);
        }

        var previous = _record;
        _record = next;
        _history.Add(e);
        _lastHash = sealedEvent.Hash;
        metrics.TransitionAccepted(e.Command.ToString(), e.Command == CommandKind.Report);
        await Announce(next, previous, receivedAt);
        return Result(CommandStatus.Accepted);
    }

    /// <summary>
    /// After commit: notifications never fail the command. The grid and the units are awaited so
    /// that a list read right after an acknowledgement sees the case; the live push is
    /// fire-and-forget. A unit that just lost the case (returned, redispatched) is told too. The
    /// case's assessment tally goes to its grid, unit and reporter when it changed (their ledgers
    /// apply tally(after) − tally(before)); areas above the grid hear of it from the grid, coalesced.
    /// </summary>
    private async Task Announce(IncidentRecord record, IncidentRecord? previous, DateTimeOffset receivedAt)
    {
        var previousUnit = previous?.AssignedUnitId;
        var summary = record.ToSummary();
        var releasedUnit = previousUnit is not null && previousUnit != record.AssignedUnitId ? previousUnit : null;
        notifier.Publish(new IncidentDelta(record.Id, record.Version, summary, receivedAt, releasedUnit));
        try
        {
            var updates = new List<Task> { GrainFactory.GetGrain<IGridGrain>(record.GridCode).Apply(summary) };
            foreach (var unit in new[] { record.AssignedUnitId, releasedUnit }.OfType<string>())
            {
                updates.Add(GrainFactory.GetGrain<IUnitGrain>(unit).Apply(summary));
            }

            updates.AddRange(AnnounceTally(record, previous));

            await Task.WhenAll(updates);
        }
        catch (Exception exception)
        {
            // Grids and units rebuild from the store's projection when they next activate.
            LogReadModelsNotUpdated(logger, exception, record.Id, record.GridCode);
        }
    }

    private IEnumerable<Task> AnnounceTally(IncidentRecord record, IncidentRecord? previous)
    {
        var after = CaseTally.Of(record);
        var before = previous is null ? null : CaseTally.Of(previous);
        if (after == before)
        {
            yield break;
        }

        var version = record.Version;
        yield return Ledger(AssessmentScope.OfArea(AreaCode.Parse(after.GridCode))).Apply(record.Id, version, after);
        yield return Ledger(AssessmentScope.OfPerson(after.ReporterId)).Apply(record.Id, version, after);
        if (after.UnitId is { } unit)
        {
            yield return Ledger(AssessmentScope.OfUnit(unit)).Apply(record.Id, version, after);
        }

        if (before?.UnitId is { } lostUnit && lostUnit != after.UnitId)
        {
            yield return Ledger(AssessmentScope.OfUnit(lostUnit)).Apply(record.Id, version, null);
        }
    }

    private ICaseLedgerGrain Ledger(AssessmentScope scope) => GrainFactory.GetGrain<ICaseLedgerGrain>(scope.LedgerKey);

    private bool IsSameReport(ReportIncident command)
    {
        var first = _record!.Report;
        return first.SubcategoryCode == command.SubcategoryCode
            && first.Description == command.Description?.Trim()
            && first.Longitude.Equals(command.Longitude)
            && first.Latitude.Equals(command.Latitude)
            && first.Address == (string.IsNullOrWhiteSpace(command.Address) ? null : command.Address.Trim())
            && first.Source == command.Source
            && first.Urgent == command.Urgent
            && first.Personal == IncidentLifecycle.Normalize(command.Personal)
            && first.Sensitive == PersonalData.IsSensitive(first.CategoryCode, command.MarkedSensitive)
            && _record.ReportedBy == command.Actor.UserId
            && _record.ReportAttachments.SequenceEqual(command.Attachments);
    }

    private CommandResult Result(CommandStatus status) =>
        new(status, _record, null, Refused.NoFieldErrors, []);

    private CommandResult Refusal(Refused refused) => new(
        refused.Kind switch
        {
            RefusalKind.Invalid => CommandStatus.Invalid,
            RefusalKind.NotFound => CommandStatus.NotFound,
            RefusalKind.ConflictingRetry => CommandStatus.ConflictingRetry,
            RefusalKind.Unprocessable => CommandStatus.Unprocessable,
            RefusalKind.Forbidden => CommandStatus.Forbidden,
            _ => CommandStatus.NotAllowed,
        },
        _record,
        refused.Message,
        refused.FieldErrors,
        refused.Allowed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Incident {IncidentId}: the store holds version {Version}, newer than this activation had; decided again on the stored history")]
    private static partial void LogStaleActivation(ILogger logger, string incidentId, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Incident {IncidentId}: version {Version} was appended concurrently elsewhere")]
    private static partial void LogConcurrentAppend(ILogger logger, string incidentId, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Incident {IncidentId}: grid {GridCode} or its units were not updated")]
    private static partial void LogReadModelsNotUpdated(ILogger logger, Exception exception, string incidentId, string gridCode);
}
