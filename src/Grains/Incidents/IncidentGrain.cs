using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RuleOfLaw.Grains.Access;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Assessment;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Clocks;
using RuleOfLaw.Grains.Escalation;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Duplicates;
using RuleOfLaw.Grains.Live;
using RuleOfLaw.Grains.Privacy;
using RuleOfLaw.Grains.Queues;
using RuleOfLaw.Grains.Supervision;
using RuleOfLaw.Grains.Teams;
using RuleOfLaw.Grains.Units;

namespace RuleOfLaw.Grains.Incidents;

/// <summary>
/// An event-sourced case. The rule decides, the event is appended durably, and only then is the
/// command acknowledged, the grid told and a delta handed to the local notifier. The grain keeps
/// the folded record and the history in memory; both are rebuilt from the store on activation.
/// </summary>
/// <remarks>
/// A merge spans two grains, so it is made robust rather than atomic: the duplicate commits first
/// and is the truth (it leaves the open lists at once); then it tells the original, which
/// attaches the duplicate's reporter idempotently by the duplicate's id. If that second step
/// fails, the duplicate tells the original again until it takes it (IncidentGrain.Merges.cs); the
/// operator's retry of the same merge (or undo) also tells it again, answered as replayed.
/// </remarks>
public sealed partial class IncidentGrain(
    IIncidentStore store,
    ILifecycleContext context,
    AreaDirectory areas,
    CatalogueBook catalogue,
    IOptions<DuplicateOptions> duplicateOptions,
    LiveNotifier notifier,
    RuleOfLawMetrics metrics,
    TimeProvider time,
    ILogger<IncidentGrain> logger) : Grain, IIncidentGrain, IRemindable
{
    /// <summary>The one durable reminder of a case: it only wakes the grain, the deadlines are in the record.</summary>
    private const string ClockReminder = "clocks";

    private readonly List<IncidentEvent> _history = [];
    private IncidentRecord? _record;
    private IGrainTimer? _duplicateCheck;

    /// <summary>When the reminder is known to be set for (null: known to be absent); unknown after activation.</summary>
    private (bool Known, DateTimeOffset? At) _wake;

    /// <summary>Retries setting the reminder after the reminder table refused it, keeping the case active until it is set.</summary>
    private IGrainTimer? _wakeRetry;

    /// <summary>
    /// The record the read models last took in full, when an update of them failed (Owed); they are
    /// brought from it to the current record again until they take it.
    /// </summary>
    private (bool Owed, IncidentRecord? From) _readModels;

    /// <summary>Retries the read models' update after one failed, keeping the case active until they take it.</summary>
    private IGrainTimer? _readModelsRetry;

    /// <summary>How often the read models' update is made again after one failed.</summary>
    private static readonly TimeSpan ReadModelsRetryPeriod = TimeSpan.FromSeconds(5);

    /// <summary>How often a reminder the table refused is tried again.</summary>
    private static readonly TimeSpan WakeRetryPeriod = TimeSpan.FromSeconds(10);

    /// <summary>The seal of the last stored event: the next event chains to it.</summary>
    private string _lastHash = AuditChain.Genesis;

    private string IncidentId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await Load(cancellationToken);
        await EnsureWake();
        ResumeMergeDebts();
    }

    /// <summary>
    /// An open case with a pending clock must have its reminder: one lost (a node that died while the
    /// reminder table refused it) is set again by the first call that activates the case.
    /// </summary>
    private async Task EnsureWake()
    {
        if (_record is not { IsOpen: true } || ClockRules.NextWake(_record.Clocks, context.Clocks.Escalation) is null)
        {
            return;
        }

        try
        {
            if (await this.GetReminder(ClockReminder) is not null)
            {
                return;
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Unknown: setting it again costs one write, never a missed deadline.
            LogReminderNotSet(logger, exception, IncidentId);
        }

        await ScheduleWake(_record, exact: false);
    }

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

        var result = await Commit(command, receivedAt);
        if (result.Status == CommandStatus.Accepted && duplicateOptions.Value.FlagAtIntake)
        {
            ScheduleDuplicateCheck();
        }

        return result;
    }

    public Task<CommandResult> Execute(IncidentCommand command, DateTimeOffset receivedAt) => command switch
    {
        ReportIncident report => Report(report, receivedAt),
        MergeIncident merge => Merge(merge, receivedAt),
        StepCommand { Step: CommandKind.Unmerge } undo => Unmerge(undo, receivedAt),
        DispatchIncident dispatch => Dispatch(dispatch, receivedAt),
        _ => ReleasingMergedReports(Commit(command, receivedAt)),
    };

    /// <summary>
    /// A dispatch that names a team is decided on the ranking of the receiving unit's teams made
    /// now, here, so the rank recorded is the one the rule gives at this moment (never the edge's
    /// word); after the dispatch is stored, the team is told it was dispatched. A team that cannot
    /// be told (or whose status does not allow it) never fails the dispatch, which is already the truth.
    /// </summary>
    private async Task<CommandResult> Dispatch(DispatchIncident dispatch, DateTimeOffset receivedAt)
    {
        var teamId = string.IsNullOrWhiteSpace(dispatch.TeamId) ? null : dispatch.TeamId.Trim();
        TeamRanking? ranking = null;
        if (teamId is not null
            && _record is { } record
            && MayTake(CommandKind.Dispatch, dispatch.Actor)
            && IncidentLifecycle.DispatchUnit(record, dispatch, context) is { } unit)
        {
            ranking = await TeamCandidates.Rank(GrainFactory, catalogue, unit, TeamCandidates.LocationOf(record));
        }

        var result = await Commit(dispatch with { TeamId = teamId, Ranking = ranking }, receivedAt);
        if (result.Status == CommandStatus.Accepted && _history[^1].Facts is DispatchedFacts { TeamId: { } chosen })
        {
            await TellTeam(chosen);
        }

        return result;
    }

    private async Task TellTeam(string teamId)
    {
        try
        {
            var told = await GrainFactory.GetGrain<ITeamGrain>(teamId).NoteDispatched(IncidentId);
            if (told.Status != TeamChangeStatus.Changed)
            {
                LogTeamNotMoved(logger, IncidentId, teamId, told.Status);
            }
        }
        catch (Exception exception)
        {
            LogTeamNotTold(logger, exception, IncidentId, teamId);
        }
    }

    public Task<MergeTarget?> AsMergeTarget()
    {
        if (_record is null)
        {
            DeactivateOnIdle();
            return Task.FromResult<MergeTarget?>(null);
        }

        return Task.FromResult<MergeTarget?>(Incidents.MergeTarget.Of(_record));
    }

    public async Task<CommandResult> NoteMergedReport(MergedReportNotice notice)
    {
        switch (IncidentLifecycle.DecideMergedReport(_record, notice, time.GetUtcNow(), context))
        {
            case null:
                return Result(CommandStatus.Replayed);
            case Accepted { Event: var e }:
                var attached = await Append(e, time.GetUtcNow());

                // Merged into an original rejected or voided meanwhile: released at once.
                await OweReleases();
                return attached;
            case var refused:
                if (_record is null)
                {
                    DeactivateOnIdle();
                }

                return Refusal((Refused)refused);
        }
    }

    public async Task<DuplicateSearch?> Duplicates()
    {
        if (_record is null)
        {
            DeactivateOnIdle();
            return null;
        }

        return new DuplicateSearch(_record, await FindDuplicates(_record));
    }

    /// <summary>
    /// Merges this report into the original it names, then tells the original. A retry of a merge
    /// already made (into the same original, by someone who may merge) only tells the original again.
    /// </summary>
    private async Task<CommandResult> Merge(MergeIncident merge, DateTimeOffset receivedAt)
    {
        var into = merge.IntoIncidentId?.Trim() ?? string.Empty;
        if (_record is { MergedInto: { } original } && original == into && MayTake(CommandKind.Merge, merge.Actor))
        {
            await SettleMergeNotice(again: true);
            return Result(CommandStatus.Replayed);
        }

        var target = into.Length == 0 || into == IncidentId ? null : await GrainFactory.GetGrain<IIncidentGrain>(into).AsMergeTarget();
        var result = await Commit(merge with { IntoIncidentId = into, Target = target }, receivedAt);
        if (result.Status == CommandStatus.Accepted)
        {
            await SettleMergeNotice();
        }

        return result;
    }

    /// <summary>Undoes the merge, then tells the original; a retry of an undo already made only tells the original again.</summary>
    private async Task<CommandResult> Unmerge(StepCommand undo, DateTimeOffset receivedAt)
    {
        if (_record is { MergedInto: null }
            && _history.LastOrDefault(e => e.Facts is MergeFacts) is { Command: CommandKind.Unmerge, Facts: MergeFacts }
            && MayTake(CommandKind.Unmerge, undo.Actor))
        {
            await SettleMergeNotice(again: true);
            return Result(CommandStatus.Replayed);
        }

        var result = await Commit(undo, receivedAt);
        if (result.Status == CommandStatus.Accepted)
        {
            await SettleMergeNotice();
        }

        return result;
    }

    private bool MayTake(CommandKind step, Actor actor) =>
        _record is not null && AccessPolicy.Allows(actor, Door.OfStep(step), AccessTarget.OfIncident(_record.GridCode, _record.AssignedUnitId));

    /// <summary>
    /// The duplicate check runs in a turn of its own right after the report's: the report is
    /// acknowledged without waiting for the grids it asks, and a failure only leaves no flag.
    /// </summary>
    private void ScheduleDuplicateCheck()
    {
        _duplicateCheck?.Dispose();
        _duplicateCheck = this.RegisterGrainTimer(
            static (grain, _) => grain.FlagDuplicates(),
            this,
            new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = false, KeepAlive = true });
    }

    private async Task FlagDuplicates()
    {
        _duplicateCheck?.Dispose();
        _duplicateCheck = null;
        if (_record is not { IsOpen: true, LikelyDuplicateOf.Count: 0 } record)
        {
            return;
        }

        try
        {
            var candidates = await FindDuplicates(record);
            if (candidates.Count == 0)
            {
                return;
            }

            var ids = candidates.Take(IncidentLimits.DuplicateCandidates).Select(candidate => candidate.Incident.Id).ToList();
            var flagged = await Commit(new FlagDuplicate(SystemActor.Instance, ids), time.GetUtcNow());
            if (flagged.Status != CommandStatus.Accepted)
            {
                LogDuplicateFlagRefused(logger, IncidentId, flagged.Status);
            }
        }
        catch (Exception exception)
        {
            LogDuplicateCheckFailed(logger, exception, IncidentId);
        }
    }

    /// <summary>
    /// Asks the grids a duplicate can lie in for their open cases of the category: the grids hold
    /// them in memory, so no store query runs per report.
    /// </summary>
    private async Task<IReadOnlyList<DuplicateCandidate>> FindDuplicates(IncidentRecord record)
    {
        var options = duplicateOptions.Value;
        var report = record.Report;
        var probe = new DuplicateProbe(record.Id, report.CategoryCode, record.GridCode, report.Longitude, report.Latitude, record.ReportedAt);
        var grids = DuplicateRules.SearchGrids(areas, probe, options);
        var filter = new IncidentFilter(null, report.CategoryCode);
        var open = await Task.WhenAll(grids.Select(grid => GrainFactory.GetGrain<IGridGrain>(grid).OpenIncidents(filter)));
        return DuplicateRules.Candidates(probe, open.SelectMany(list => list), grids, options);
    }

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

        return await Append(e, receivedAt);
    }

    /// <summary>Appends one decided event durably, then folds it in and announces it.</summary>
    private async Task<CommandResult> Append(IncidentEvent e, DateTimeOffset receivedAt) =>
        await Append([e], receivedAt)
            ? Result(CommandStatus.Accepted)
            : new CommandResult(
                CommandStatus.NotAllowed,
                _record,
                Text.Of("事件刚被他人更新，请刷新后重试。", "The case changed concurrently; reload it and retry."),
                Refused.NoFieldErrors,
                []);

    /// <summary>
    /// The clocks' reminder: appends what time has made due (a colour, a rung of the ladder), then
    /// sets the reminder for the next instant. Deciding from the record and the time alone makes a
    /// late or repeated tick harmless.
    /// </summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == MergeReminder)
        {
            await ReceiveMergeReminder();
            return;
        }

        if (reminderName != ClockReminder)
        {
            return;
        }

        _wake = (true, status.FirstTickTime);
        var now = time.GetUtcNow();
        if (_record is not null && ClockEvents.Due(_record, now, context) is { Count: > 0 } due)
        {
            if (!await Append(due, now))
            {
                return;
            }
        }

        await ScheduleWake(_record, exact: true);
    }

    /// <summary>
    /// Seals, stores and announces events in one append; false, changing nothing here, when another
    /// activation wrote first.
    /// </summary>
    private async Task<bool> Append(IReadOnlyList<IncidentEvent> events, DateTimeOffset receivedAt)
    {
        var next = _record;
        var sealedEvents = new List<StoredEvent>(events.Count);
        var hash = _lastHash;
        foreach (var e in events)
        {
            next = IncidentLifecycle.Apply(next, e, IncidentId);
            var sealedEvent = IncidentEventJson.ToStored(IncidentId, e, hash);
            sealedEvents.Add(sealedEvent);
            hash = sealedEvent.Hash;
        }

        // The wake is set before the commit: a node lost between the two would otherwise leave a
        // stored deadline that nothing wakes. Set for a step that then fails to commit, it only
        // wakes the case early to find nothing due.
        await ScheduleWake(next, exact: false);

        bool appended;
        try
        {
            appended = await store.Append(
                IncidentId, _record?.Version ?? 0, sealedEvents, IncidentEventJson.ToProjection(next!));
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
            LogConcurrentAppend(logger, IncidentId, events[0].Version);
            DeactivateOnIdle();
            return false;
        }

        var before = _record;
        var previousUnit = _record?.AssignedUnitId;
        _record = next!;
        _history.AddRange(events);
        _lastHash = hash;
        foreach (var e in events)
        {
            metrics.TransitionAccepted(e.Command.ToString(), e.Command == CommandKind.Report);
        }

        await Announce(before, _record, previousUnit, receivedAt);
        return true;
    }

    /// <summary>
    /// Points the reminder at the next instant a clock changes colour or climbs a rung, or removes
    /// it when nothing is pending. After a step (<paramref name="exact"/> false) it is written only
    /// when it must fire earlier than it is set for: a reminder set too early only wakes the case to
    /// find nothing due and be set exactly then, so most steps, and closing, cost no reminder write
    /// on the command path. After a tick it is always set exactly (or removed).
    /// </summary>
    private async Task ScheduleWake(IncidentRecord? record, bool exact)
    {
        var next = record is { IsOpen: true } ? ClockRules.NextWake(record.Clocks, context.Clocks.Escalation) : null;
        var settled = exact
            ? _wake.Known && _wake.At == next
            : next is null || (_wake.Known && _wake.At <= next);
        if (settled)
        {
            return;
        }

        try
        {
            if (next is { } at)
            {
                var dueIn = at - time.GetUtcNow();
                await this.RegisterOrUpdateReminder(ClockReminder, dueIn > TimeSpan.Zero ? dueIn : TimeSpan.Zero, DurableWake.RepeatPeriod);
            }
            else if (await this.GetReminder(ClockReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            _wake = (true, next);
            _wakeRetry?.Dispose();
            _wakeRetry = null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The step is stored but nothing would wake the case: try again from this activation,
            // kept alive until the reminder table takes it (the next step would set it too).
            _wake = default;
            LogReminderNotSet(logger, exception, IncidentId);
            _wakeRetry ??= this.RegisterGrainTimer(
                static (grain, _) => grain.ScheduleWake(grain._record, exact: true),
                this,
                new GrainTimerCreationOptions(WakeRetryPeriod, WakeRetryPeriod) { Interleave = false, KeepAlive = true });
        }
    }

    /// <summary>
    /// After commit: notifications never fail the command. The grid and the units are awaited so
    /// that a list read right after an acknowledgement sees the case; the live push is
    /// fire-and-forget. A unit that just lost the case (returned, redispatched) is told too. The
    /// case's assessment tally goes to its grid, unit and reporter when it changed (their ledgers
    /// apply tally(after) − tally(before)); areas above the grid hear of it from the grid, coalesced.
    /// </summary>
    private async Task Announce(IncidentRecord? before, IncidentRecord record, string? previousUnit, DateTimeOffset receivedAt)
    {
        var summary = record.ToSummary();
        var releasedUnit = previousUnit is not null && previousUnit != record.AssignedUnitId ? previousUnit : null;
        notifier.Publish(new IncidentDelta(record.Id, record.Version, summary, receivedAt, releasedUnit) { Reporters = record.Reporters });
        if (_readModels.Owed)
        {
            // An earlier update is still owed: the retry brings the read models from where they
            // last were to this record, this change included.
            return;
        }

        await UpdateReadModels(before, record);
    }

    /// <summary>
    /// Brings the grid, the units, the queues and the assessment ledgers from <paramref name="before"/>
    /// to <paramref name="record"/>; each takes an update idempotently (by version, or as the lines it
    /// should hold), so one that failed is simply made again, on a timer, until it is taken.
    /// </summary>
    private async Task UpdateReadModels(IncidentRecord? before, IncidentRecord record)
    {
        var summary = record.ToSummary();
        try
        {
            var updates = new List<Task> { GrainFactory.GetGrain<IGridGrain>(record.GridCode).Apply(summary) };
            foreach (var unit in new[] { record.AssignedUnitId, before?.AssignedUnitId }.OfType<string>().Distinct())
            {
                updates.Add(GrainFactory.GetGrain<IUnitGrain>(unit).Apply(summary));
            }

            updates.AddRange(QueueUpdates(before, record));
            updates.AddRange(AnnounceTally(before, record));

            await Task.WhenAll(updates);
            _readModels = default;
            _readModelsRetry?.Dispose();
            _readModelsRetry = null;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogReadModelsNotUpdated(logger, exception, record.Id, record.GridCode);
            _readModels = (true, _readModels.Owed ? _readModels.From : before);
            _readModelsRetry ??= this.RegisterGrainTimer(
                static (grain, _) => grain._record is { } current ? grain.UpdateReadModels(grain._readModels.From, current) : Task.CompletedTask,
                this,
                new GrainTimerCreationOptions(ReadModelsRetryPeriod, ReadModelsRetryPeriod) { Interleave = false, KeepAlive = true });
        }
    }

    private IEnumerable<Task> AnnounceTally(IncidentRecord? previous, IncidentRecord record)
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

    /// <summary>
    /// The queues whose share of this case changed: the escalation queues of the levels above,
    /// the supervision queues of the leaders who issued orders, the summons queues of departments.
    /// </summary>
    private IEnumerable<Task> QueueUpdates(IncidentRecord? before, IncidentRecord after) =>
        [
            .. Changed(before, after, record => EscalationQueues.Of(record, context.DistrictDepartmentOf)),
            .. Changed(before, after, SupervisionQueues.Orders),
            .. Changed(before, after, SupervisionQueues.Summonses),
        ];

    private IEnumerable<Task> Changed<TEntry>(
        IncidentRecord? before, IncidentRecord after, Func<IncidentRecord, IReadOnlyDictionary<string, IReadOnlyList<TEntry>>> linesOf)
        where TEntry : ICaseQueueEntry<TEntry>
    {
        var was = before is null ? new Dictionary<string, IReadOnlyList<TEntry>>() : linesOf(before);
        var now = linesOf(after);
        foreach (var queue in was.Keys.Union(now.Keys))
        {
            var lines = now.GetValueOrDefault(queue) ?? [];
            if (!was.TryGetValue(queue, out var held) || !held.SequenceEqual(lines))
            {
                yield return GrainFactory.GetGrain<ICaseQueueGrain<TEntry>>(queue).Put(after.Id, lines);
            }
        }
    }

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Incident {IncidentId}: the clocks' reminder could not be set")]
    private static partial void LogReminderNotSet(ILogger logger, Exception exception, string incidentId);
    [LoggerMessage(Level = LogLevel.Warning, Message = "Incident {IncidentId}: the duplicate flag was refused ({Status})")]
    private static partial void LogDuplicateFlagRefused(ILogger logger, string incidentId, CommandStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Incident {IncidentId}: the duplicate check failed; the report stands unflagged")]
    private static partial void LogDuplicateCheckFailed(ILogger logger, Exception exception, string incidentId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Incident {IncidentId}: team {TeamId} was dispatched but kept its status ({Status})")]
    private static partial void LogTeamNotMoved(ILogger logger, string incidentId, string teamId, TeamChangeStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Incident {IncidentId}: team {TeamId} was not told of the dispatch")]
    private static partial void LogTeamNotTold(ILogger logger, Exception exception, string incidentId, string teamId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Incident {IncidentId}: its grid {GridCode}, units, queues or assessment ledgers did not all take the change; made again every 5 s until they do")]
    private static partial void LogReadModelsNotUpdated(ILogger logger, Exception exception, string incidentId, string gridCode);
}
