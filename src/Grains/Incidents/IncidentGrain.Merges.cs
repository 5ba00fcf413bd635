using Microsoft.Extensions.Logging;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Duplicates;

namespace RuleOfLaw.Grains.Incidents;

/// <summary>
/// What a merge owes the other case until it is taken: the duplicate's notice to its original
/// (attach after a merge, detach after its undo), and an original's release of the reports merged
/// into it once it is rejected or voided. Both are read from the case's own events
/// (<see cref="MergeNotices"/>) and are idempotent on the other side, so they are simply told again
/// until taken: every <see cref="MergeRetryPeriod"/> while this activation lives, and on a durable
/// reminder that wakes the case on any node after this one is lost. The reminder is set before the
/// first try and removed once the notice is taken, so while it exists it is the case's durable
/// record that its original has not acknowledged; an activation tells again only when it finds it.
/// </summary>
public sealed partial class IncidentGrain
{
    /// <summary>The reminder kept while a merge owes something; only wakes the case, like the clocks' one.</summary>
    private const string MergeReminder = "merges";

    private static readonly TimeSpan MergeReminderPeriod = TimeSpan.FromMinutes(1);

    /// <summary>How often, while the case is active, what a merge owes is told again.</summary>
    private static readonly TimeSpan MergeRetryPeriod = TimeSpan.FromSeconds(10);

    /// <summary>The version of the merge or undo whose notice the original took (this activation); 0 when none yet.</summary>
    private int _noticeTakenAt;

    /// <summary>Retells the notice; interleaves, since it only calls out, so the original releasing this report is never kept waiting on it.</summary>
    private IGrainTimer? _noticeRetry;

    /// <summary>Retries the releases; does not interleave, since it appends the original's own detaches.</summary>
    private IGrainTimer? _releaseRetry;

    /// <summary>Merged reports whose release the duplicate refused (not a failure: nothing to retry) in this activation.</summary>
    private readonly HashSet<string> _releaseRefused = [];

    /// <summary>Whether the merge reminder may be set: known to be absent only after it was removed.</summary>
    private bool _mergeReminderMaybeSet;

    private IGrainReminder? _mergeReminder;

    /// <summary>
    /// Whether the notice derived from the history is known to be owed; after activation it is
    /// owed only if the merge reminder records it (a notice taken long ago must not cost the
    /// original an activation every time this case is activated).
    /// </summary>
    private bool _noticeOwedKnown;

    /// <summary>On activation: a case whose merge may still owe something (the reminder woke it, or a node was lost) settles it again.</summary>
    private void ResumeMergeDebts()
    {
        if (MergeNotices.OwedToOriginal(_history) is not null)
        {
            _mergeReminderMaybeSet = true;
            _noticeRetry ??= this.RegisterGrainTimer(
                static (grain, _) => grain.RetryNotice(),
                this,
                new GrainTimerCreationOptions(TimeSpan.Zero, MergeRetryPeriod) { Interleave = true, KeepAlive = true });
        }

        if (_record is { } record && MergeNotices.ToRelease(record).Count > 0)
        {
            _mergeReminderMaybeSet = true;
            StartReleaseRetry();
        }
    }

    /// <summary>
    /// After the duplicate's merge or undo is stored (or an operator retries it): tells the original
    /// now, and if it does not take it, keeps telling it. The reminder is set before the first try so
    /// that a node lost right after the commit still leaves the notice owed somewhere durable.
    /// </summary>
    private async Task SettleMergeNotice(bool again = false)
    {
        _noticeOwedKnown = true;
        if (again)
        {
            _noticeTakenAt = 0;
        }

        if (NoticeSettled)
        {
            return;
        }

        await KeepMergeReminder();
        if (await TellOwedNotice())
        {
            await DropMergeReminderWhenSettled();
            return;
        }

        _noticeRetry ??= this.RegisterGrainTimer(
            static (grain, _) => grain.RetryNotice(),
            this,
            new GrainTimerCreationOptions(MergeRetryPeriod, MergeRetryPeriod) { Interleave = true, KeepAlive = true });
    }

    private bool NoticeSettled => MergeNotices.OwedToOriginal(_history) is not { } owed || owed.Step.Version <= _noticeTakenAt;

    /// <summary>Tells the original what the latest merge or undo owes it; true when nothing is owed any more.</summary>
    private async Task<bool> TellOwedNotice()
    {
        if (_record is not { } record || MergeNotices.OwedToOriginal(_history) is not { } owed || owed.Step.Version <= _noticeTakenAt)
        {
            return true;
        }

        if (await TellOriginal(owed.OriginalIncidentId, owed.ToNotice(IncidentId, record.ReportedBy)))
        {
            _noticeTakenAt = Math.Max(_noticeTakenAt, owed.Step.Version);
        }

        return NoticeSettled;
    }

    private async Task RetryNotice()
    {
        if (!_noticeOwedKnown && MergeNotices.OwedToOriginal(_history) is { } owed)
        {
            try
            {
                if (await this.GetReminder(MergeReminder) is null)
                {
                    // Taken before this activation: nothing records it as owed.
                    _noticeTakenAt = Math.Max(_noticeTakenAt, owed.Step.Version);
                    _mergeReminderMaybeSet = _releaseRetry is not null;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Unknown: tell again, which is harmless.
                LogMergeReminderNotSet(logger, exception, IncidentId);
            }

            _noticeOwedKnown = true;
        }

        if (await TellOwedNotice())
        {
            _noticeRetry?.Dispose();
            _noticeRetry = null;
            await DropMergeReminderWhenSettled();
        }
    }

    /// <summary>The original's side of a merge or its undo: false (and logged) when it did not take it; never fails the caller.</summary>
    private async Task<bool> TellOriginal(string originalId, MergedReportNotice notice)
    {
        try
        {
            var told = await GrainFactory.GetGrain<IIncidentGrain>(originalId).NoteMergedReport(notice);
            if (told.Status is CommandStatus.Accepted or CommandStatus.Replayed)
            {
                return true;
            }

            LogOriginalRefused(logger, IncidentId, originalId, told.Status);
        }
        catch (Exception exception)
        {
            LogOriginalNotTold(logger, exception, IncidentId, originalId);
        }

        return false;
    }

    /// <summary>A step this case just stored may have rejected or voided it: the reports merged into it are released then.</summary>
    private async Task<CommandResult> ReleasingMergedReports(Task<CommandResult> committing)
    {
        var result = await committing;
        if (result.Status == CommandStatus.Accepted)
        {
            await OweReleases();
        }

        return result;
    }

    /// <summary>
    /// Releases run in a turn of their own right after the step that owes them: the reject or void
    /// is answered without waiting on the reports' grains, which in turn never wait on this one.
    /// </summary>
    private async Task OweReleases()
    {
        if (_record is not { } record || MergeNotices.ToRelease(record).Count == 0)
        {
            return;
        }

        await KeepMergeReminder();
        StartReleaseRetry();
    }

    private void StartReleaseRetry() =>
        _releaseRetry ??= this.RegisterGrainTimer(
            static (grain, _) => grain.RetryReleases(),
            this,
            new GrainTimerCreationOptions(TimeSpan.Zero, MergeRetryPeriod) { Interleave = false, KeepAlive = true });

    private async Task RetryReleases()
    {
        if (await ReleaseMergedReports())
        {
            _releaseRetry?.Dispose();
            _releaseRetry = null;
            await DropMergeReminderWhenSettled();
        }
    }

    /// <summary>
    /// Asks each report merged into this rejected or voided case to return to intake, then detaches
    /// it here once it has (the system's step, with the same reason). True when nothing is left to release.
    /// </summary>
    private async Task<bool> ReleaseMergedReports()
    {
        foreach (var report in _record is { } record ? MergeNotices.ToRelease(record).ToList() : [])
        {
            if (_releaseRefused.Contains(report.IncidentId))
            {
                continue;
            }

            try
            {
                var released = await GrainFactory.GetGrain<IIncidentGrain>(report.IncidentId).ReleaseFromOriginal(IncidentId, MergeNotices.ReleaseReason(_record!));
                if (released.Status is not (CommandStatus.Accepted or CommandStatus.Replayed))
                {
                    LogReleaseRefused(logger, IncidentId, report.IncidentId, released.Status);
                    _releaseRefused.Add(report.IncidentId);
                    continue;
                }

                if (IncidentLifecycle.DecideMergedReport(_record, MergeNotices.Detach(_record!, report), time.GetUtcNow(), context) is Accepted { Event: var detach })
                {
                    await Append([detach], time.GetUtcNow());
                }
            }
            catch (Exception exception)
            {
                LogReleaseFailed(logger, exception, IncidentId, report.IncidentId);
            }
        }

        return _record is not { } after || MergeNotices.ToRelease(after).All(report => _releaseRefused.Contains(report.IncidentId));
    }

    public async Task<CommandResult> ReleaseFromOriginal(string originalId, string reason)
    {
        if (_record is null)
        {
            DeactivateOnIdle();
            return Refusal(new Refused(RefusalKind.NotFound, Text.Of("没有以此编号上报的事件。", "No case with this id has been reported."), Refused.NoFieldErrors, []));
        }

        if (_record.MergedInto != originalId)
        {
            return Result(CommandStatus.Replayed);
        }

        var result = await Commit(new StepCommand(CommandKind.Unmerge, SystemActor.Instance, reason, []), time.GetUtcNow());
        if (result.Status == CommandStatus.Accepted)
        {
            // The original detaches the report itself on this answer: nothing more is owed to it.
            _noticeTakenAt = _record.Version;
        }

        return result;
    }

    /// <summary>The merge reminder: tells again whatever is still owed, and goes once nothing is.</summary>
    private async Task ReceiveMergeReminder()
    {
        // It fired, so it is set, and records whatever the history says is owed: removed below once
        // nothing is, even if this activation owes nothing.
        _mergeReminderMaybeSet = true;
        _noticeOwedKnown = true;
        var told = await TellOwedNotice();
        var released = await ReleaseMergedReports();
        if (told && released)
        {
            await DropMergeReminderWhenSettled();
        }
        else
        {
            ResumeMergeDebts();
        }
    }

    private async Task KeepMergeReminder()
    {
        try
        {
            _mergeReminderMaybeSet = true;
            _mergeReminder = await this.RegisterOrUpdateReminder(MergeReminder, MergeReminderPeriod, MergeReminderPeriod);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The retry timer still runs while this activation lives.
            LogMergeReminderNotSet(logger, exception, IncidentId);
        }
    }

    private async Task DropMergeReminderWhenSettled()
    {
        if (!_mergeReminderMaybeSet || !NoticeSettled || _noticeRetry is not null || _releaseRetry is not null)
        {
            return;
        }

        try
        {
            if ((_mergeReminder ?? await this.GetReminder(MergeReminder)) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            _mergeReminder = null;
            _mergeReminderMaybeSet = false;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Left set, it only wakes the case to find nothing owed and try to go again.
            LogMergeReminderNotSet(logger, exception, IncidentId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Incident {IncidentId}: the original {OriginalId} refused the merge notice ({Status})")]
    private static partial void LogOriginalRefused(ILogger logger, string incidentId, string originalId, CommandStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Incident {IncidentId}: the original {OriginalId} was not told of the merge; it is told again until it takes it")]
    private static partial void LogOriginalNotTold(ILogger logger, Exception exception, string incidentId, string originalId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Incident {IncidentId}: the merged report {DuplicateId} refused its release ({Status})")]
    private static partial void LogReleaseRefused(ILogger logger, string incidentId, string duplicateId, CommandStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Incident {IncidentId}: the merged report {DuplicateId} was not released; it is asked again")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string incidentId, string duplicateId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Incident {IncidentId}: the merge reminder could not be set or removed")]
    private static partial void LogMergeReminderNotSet(ILogger logger, Exception exception, string incidentId);
}
