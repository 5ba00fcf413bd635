using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Duplicates;
using RuleOfLaw.Grains.Incidents;

namespace RuleOfLaw.Domain.Tests.Incidents;

/// <summary>Merging a duplicate into its original and undoing it, as the pure rule decides them.</summary>
public sealed class MergeRuleTests
{
    private readonly FixedContext _context = new();

    private static readonly Actor Intake = Actors.Of(Role.Intake);

    private static MergeIncident MergeInto(MergeTarget? target, string? into = null, Actor? actor = null) =>
        new(actor ?? Intake, into ?? target?.IncidentId ?? Cases.OriginalId, "同一处垃圾", [], target);

    private static Refused Refusal(IncidentRecord current, IncidentCommand command) =>
        Assert.IsType<Refused>(IncidentLifecycle.Decide(current, command, Cases.Now, new FixedContext()));

    [Theory]
    [InlineData(Role.Intake)]
    [InlineData(Role.ShiftLeader)]
    public void AnIntakeOperatorOrTheShiftLeaderMergesAReportIntoItsOriginalWithoutChangingItsState(Role role)
    {
        var duplicate = Cases.InState(IncidentState.Reported);

        var e = Assert.IsType<Accepted>(IncidentLifecycle.Decide(duplicate, MergeInto(Cases.Original, actor: Actors.Of(role)), Cases.Now, _context)).Event;
        var merged = IncidentLifecycle.Apply(duplicate, e, duplicate.Id);

        Assert.Equal((CommandKind.Merge, IncidentState.Reported, IncidentState.Reported), (e.Command, e.From, e.To));
        Assert.Equal(new MergeFacts(Cases.OriginalId), e.Facts);
        Assert.Equal(Cases.OriginalId, merged.MergedInto);
        Assert.True(merged.IsMerged);
        Assert.False(merged.IsOpen);
        Assert.Equal(IncidentState.Reported, merged.State);
        Assert.Equal((false, Cases.OriginalId), (merged.ToSummary().IsOpen, merged.ToSummary().MergedInto));
    }

    [Theory]
    [InlineData(Role.GridWorker)]
    [InlineData(Role.Dispatcher)]
    [InlineData(Role.UnitHandler)]
    [InlineData(Role.Leader)]
    [InlineData(Role.Administrator)]
    [InlineData(Role.System)]
    public void NoOtherRoleMayMerge(Role role)
    {
        var refused = Refusal(Cases.InState(IncidentState.Reported), MergeInto(Cases.Original, actor: Actors.Of(role)));

        Assert.Equal(RefusalKind.Forbidden, refused.Kind);
    }

    [Fact]
    public void AnOperatorWhoseAreaDoesNotHoldTheOriginalMayNotMergeIntoIt()
    {
        var operatorOfThisStreet = new Actor("intake-street", Role.Intake, null, AreaCode.Parse("510802001"));
        var originalInAnotherStreet = Cases.Original with { GridCode = FixedContext.OtherStreetGrid };

        var refused = Refusal(Cases.InState(IncidentState.Reported), MergeInto(originalInAnotherStreet, actor: operatorOfThisStreet));

        Assert.Equal(RefusalKind.Forbidden, refused.Kind);
        Assert.Contains(Cases.OriginalId, refused.Message.En, StringComparison.Ordinal);
    }

    public static TheoryData<string, MergeTarget?, string> BadTargets => new()
    {
        { "no such case", null, $"No case {Cases.OriginalId} has been reported." },
        { "a closed case", Cases.Original with { State = IncidentState.Closed }, $"Case {Cases.OriginalId} is Closed and no longer open: nothing can be merged into it." },
        { "a voided case", Cases.Original with { State = IncidentState.Voided }, $"Case {Cases.OriginalId} is Voided and no longer open: nothing can be merged into it." },
        { "a merged case", Cases.Original with { MergedInto = "0196a0c5-0000-7000-8000-0000000000ff" }, $"Case {Cases.OriginalId} is itself merged into case 0196a0c5-0000-7000-8000-0000000000ff: merge into 0196a0c5-0000-7000-8000-0000000000ff instead." },
        { "another category family", Cases.Original with { CategoryCode = "AQ" }, $"Case {Cases.OriginalId} is of category AQ, this one of CG: only cases of one category family merge." },
    };

    [Theory]
    [MemberData(nameof(BadTargets))]
    public void ABadOriginalIsNamedInTheIntoIncidentIdField(string because, MergeTarget? target, string message)
    {
        var refused = Refusal(Cases.InState(IncidentState.Reported), MergeInto(target));

        Assert.Equal(RefusalKind.Invalid, refused.Kind);
        Assert.Equal(["intoIncidentId"], refused.FieldErrors.Keys);
        Assert.True(message == refused.FieldErrors["intoIncidentId"].Single().En, because);
        Assert.False(string.IsNullOrWhiteSpace(refused.FieldErrors["intoIncidentId"].Single().ZhCn));
    }

    [Fact]
    public void ACaseCannotBeMergedIntoItself()
    {
        var self = Cases.Original with { IncidentId = Cases.CaseId };

        var refused = Refusal(Cases.InState(IncidentState.Reported), MergeInto(self));

        Assert.Equal("A case cannot be merged into itself.", refused.FieldErrors["intoIncidentId"].Single().En);
    }

    [Fact]
    public void AReportAlreadyMergedCannotBeMergedAgainNorTakeAnyStepButTheUndo()
    {
        var merged = Cases.InState(IncidentState.PendingRegistration, merged: true);

        Assert.Equal(RefusalKind.NotAllowed, Refusal(merged, MergeInto(Cases.Original)).Kind);
        var register = Refusal(merged, Cases.Command(CommandKind.Register, Actors.Of(Role.ShiftLeader)));
        Assert.Equal(RefusalKind.NotAllowed, register.Kind);
        Assert.Equal($"The case is merged into case {Cases.OriginalId}: act on that case, or undo the merge first.", register.Message.En);
        Assert.Equal([CommandKind.Unmerge], IncidentLifecycle.AllowedCommands(merged, Actors.Of(Role.ShiftLeader)));
    }

    [Theory]
    [InlineData(IncidentState.Registered)]
    [InlineData(IncidentState.Dispatched)]
    [InlineData(IncidentState.Closed)]
    public void OnlyAReportStillAtIntakeCanBeMerged(IncidentState state)
    {
        Assert.Equal(RefusalKind.NotAllowed, Refusal(Cases.InState(state), MergeInto(Cases.Original)).Kind);
    }

    [Fact]
    public void UndoingAMergeNeedsAReasonAndRestoresTheReportToTheOpenLists()
    {
        var merged = Cases.InState(IncidentState.Reported, merged: true);

        var withoutReason = Refusal(merged, new StepCommand(CommandKind.Unmerge, Intake, " ", []));
        Assert.Equal(["reason"], withoutReason.FieldErrors.Keys);

        var e = Assert.IsType<Accepted>(IncidentLifecycle.Decide(merged, new StepCommand(CommandKind.Unmerge, Intake, "并非同一处", []), Cases.Now, _context)).Event;
        var restored = IncidentLifecycle.Apply(merged, e, merged.Id);

        Assert.Equal(new MergeFacts(Cases.OriginalId), e.Facts);
        Assert.Null(restored.MergedInto);
        Assert.True(restored.IsOpen);
        Assert.Equal(IncidentState.Reported, restored.State);
    }

    [Fact]
    public void AReportNotMergedHasNothingToUndo()
    {
        var refused = Refusal(Cases.InState(IncidentState.Reported), new StepCommand(CommandKind.Unmerge, Intake, "误操作", []));

        Assert.Equal(RefusalKind.NotAllowed, refused.Kind);
        Assert.Equal("The case is not merged into another: there is nothing to undo.", refused.Message.En);
    }

    [Fact]
    public void TheOriginalAttachesEachDuplicatesReporterOnceAndDetachesItOnUndo()
    {
        var original = Cases.InState(IncidentState.Dispatched);
        var attach = new MergedReportNotice(Intake, "dup-1", "gw-2", Attach: true, "同一处垃圾");

        var attached = Assert.IsType<Accepted>(IncidentLifecycle.DecideMergedReport(original, attach, Cases.Now, _context)).Event;
        var withReporter = IncidentLifecycle.Apply(original, attached, original.Id);

        Assert.Equal((CommandKind.Merge, IncidentState.Dispatched, IncidentState.Dispatched), (attached.Command, attached.From, attached.To));
        Assert.Equal([new MergedReport("dup-1", "gw-2", Cases.Now)], withReporter.MergedReports);
        Assert.Equal(["gw-1", "gw-2"], withReporter.Reporters);
        Assert.Null(IncidentLifecycle.DecideMergedReport(withReporter, attach, Cases.Now, _context));

        var detach = attach with { Attach = false, Reason = "并非同一处" };
        var detached = Assert.IsType<Accepted>(IncidentLifecycle.DecideMergedReport(withReporter, detach, Cases.Now, _context)).Event;
        var withoutReporter = IncidentLifecycle.Apply(withReporter, detached, original.Id);

        Assert.Equal(CommandKind.Unmerge, detached.Command);
        Assert.Empty(withoutReporter.MergedReports);
        Assert.Null(IncidentLifecycle.DecideMergedReport(withoutReporter, detach, Cases.Now, _context));
    }

    [Fact]
    public void AClosedOriginalStillKeepsTheReportersOfItsDuplicates()
    {
        var closed = Cases.InState(IncidentState.Closed);

        var e = Assert.IsType<Accepted>(IncidentLifecycle.DecideMergedReport(closed, new MergedReportNotice(Intake, "dup-1", "gw-2", true, null), Cases.Now, _context)).Event;

        Assert.Equal(IncidentState.Closed, e.To);
    }

    [Fact]
    public void TheFlagNamesItsCandidatesAndShowsOnTheSummaryUntilTheReportIsMerged()
    {
        var report = Cases.InState(IncidentState.Reported);

        var e = Assert.IsType<Accepted>(IncidentLifecycle.Decide(report, new FlagDuplicate(SystemActor.Instance, [Cases.OriginalId]), Cases.Now, _context)).Event;
        var flagged = IncidentLifecycle.Apply(report, e, report.Id);
        var merged = IncidentLifecycle.Apply(flagged, IncidentLifecycle.Decide(flagged, MergeInto(Cases.Original), Cases.Now, _context) is Accepted { Event: var m } ? m : throw new InvalidOperationException(), report.Id);

        Assert.Equal((SystemActor.UserId, Role.System), (e.ActorUserId, e.ActorRole));
        Assert.Equal([Cases.OriginalId], flagged.LikelyDuplicateOf);
        Assert.True(flagged.ToSummary().LikelyDuplicate);
        Assert.False(merged.ToSummary().LikelyDuplicate);
    }

    [Fact]
    public void AFlagWithoutCandidatesOrNamingTheReportItselfIsInvalid()
    {
        var report = Cases.InState(IncidentState.Reported);

        Assert.Equal(["candidateIds"], Refusal(report, new FlagDuplicate(SystemActor.Instance, [])).FieldErrors.Keys);
        Assert.Equal(["candidateIds"], Refusal(report, new FlagDuplicate(SystemActor.Instance, [report.Id])).FieldErrors.Keys);
    }

    [Fact]
    public void APersonCannotFlagADuplicateOnlyThePlatformCan()
    {
        Assert.Equal(RefusalKind.Forbidden, Refusal(Cases.InState(IncidentState.Reported), new FlagDuplicate(Intake, [Cases.OriginalId])).Kind);
    }

    [Fact]
    public void TheNoticeADuplicateOwesItsOriginalIsReadFromItsLatestMergeOrUndo()
    {
        var duplicate = Cases.InState(IncidentState.Reported);
        Assert.Null(MergeNotices.OwedToOriginal([]));

        var merge = Assert.IsType<Accepted>(IncidentLifecycle.Decide(duplicate, MergeInto(Cases.Original), Cases.Now, _context)).Event;
        var merged = IncidentLifecycle.Apply(duplicate, merge, duplicate.Id);
        var owed = MergeNotices.OwedToOriginal([merge]);
        Assert.Equal((Cases.OriginalId, true), (owed!.OriginalIncidentId, owed.Attach));
        var notice = owed.ToNotice(duplicate.Id, duplicate.ReportedBy);
        Assert.Equal((Intake.UserId, Role.Intake, "同一处垃圾", true), (notice.By.UserId, notice.By.Role, notice.Reason, notice.Attach));

        // The original takes the notice as often as it is told: once attached, telling it again changes nothing.
        var original = Cases.InState(IncidentState.Dispatched) with { Id = Cases.OriginalId };
        var attached = IncidentLifecycle.Apply(original, Assert.IsType<Accepted>(IncidentLifecycle.DecideMergedReport(original, notice, Cases.Now, _context)).Event, original.Id);
        Assert.Null(IncidentLifecycle.DecideMergedReport(attached, notice, Cases.Now, _context));

        var undo = Assert.IsType<Accepted>(IncidentLifecycle.Decide(merged, new StepCommand(CommandKind.Unmerge, Intake, "并非同一处", []), Cases.Now, _context)).Event;
        var owedAfterUndo = MergeNotices.OwedToOriginal([merge, undo]);
        Assert.Equal((Cases.OriginalId, false, undo.Version), (owedAfterUndo!.OriginalIncidentId, owedAfterUndo.Attach, owedAfterUndo.Step.Version));
    }

    [Theory]
    [InlineData(IncidentState.Rejected, true)]
    [InlineData(IncidentState.Voided, true)]
    [InlineData(IncidentState.Closed, false)]
    [InlineData(IncidentState.Registered, false)]
    public void AnOriginalRejectedOrVoidedReleasesTheReportsMergedIntoIt(IncidentState state, bool releases)
    {
        var original = Cases.InState(state) with { MergedReports = [new MergedReport("dup-1", "gw-2", Cases.Now)] };

        Assert.Equal(releases ? ["dup-1"] : [], MergeNotices.ToRelease(original).Select(report => report.IncidentId));
    }

    [Fact]
    public void TheSystemReleasesAMergedReportToIntakeAndTheOriginalDetachesIt()
    {
        var original = Cases.InState(IncidentState.Reported) with { Id = Cases.OriginalId, MergedReports = [new MergedReport(Cases.CaseId, "gw-1", Cases.Now)] };
        var rejected = IncidentLifecycle.Apply(original, Assert.IsType<Accepted>(IncidentLifecycle.Decide(original, Cases.Command(CommandKind.Reject, Intake), Cases.Now, _context)).Event, original.Id);
        var released = MergeNotices.ToRelease(rejected).Single();
        var reason = MergeNotices.ReleaseReason(rejected);
        Assert.Contains(Cases.OriginalId, reason);

        var duplicate = Cases.InState(IncidentState.Reported, merged: true);
        var e = Assert.IsType<Accepted>(IncidentLifecycle.Decide(duplicate, new StepCommand(CommandKind.Unmerge, SystemActor.Instance, reason, []), Cases.Now, _context)).Event;
        var back = IncidentLifecycle.Apply(duplicate, e, duplicate.Id);
        Assert.Equal((CommandKind.Unmerge, Role.System, reason), (e.Command, e.ActorRole, e.Reason));
        Assert.True(back.IsOpen);
        Assert.Equal(IncidentState.Reported, back.State);

        var detach = Assert.IsType<Accepted>(IncidentLifecycle.DecideMergedReport(rejected, MergeNotices.Detach(rejected, released), Cases.Now, _context)).Event;
        var detached = IncidentLifecycle.Apply(rejected, detach, rejected.Id);
        Assert.Equal((CommandKind.Unmerge, Role.System), (detach.Command, detach.ActorRole));
        Assert.Empty(MergeNotices.ToRelease(detached));
        Assert.Equal(IncidentState.Rejected, detached.State);
    }
}
