using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Incidents;

namespace RuleOfLaw.Grains.Duplicates;

/// <summary>The notice a duplicate owes its original after a merge (attach) or its undo (detach), with the step that made it owed.</summary>
public sealed record OwedMergeNotice(string OriginalIncidentId, bool Attach, IncidentEvent Step)
{
    /// <summary>The notice as the original takes it: in the name of whoever merged or undid, with their reason.</summary>
    public MergedReportNotice ToNotice(string duplicateIncidentId, string reporterUserId) => new(
        new Actor(Step.ActorUserId, Step.ActorRole, Step.ActorUnitId, SystemActor.Instance.AreaScope),
        duplicateIncidentId,
        reporterUserId,
        Attach,
        Step.Reason);
}

/// <summary>
/// What a merge still owes across the two cases it joins (pure). A merge spans two grains and is
/// made robust rather than atomic: the duplicate commits first and is the truth, and the original
/// must be told until it acknowledges; the original acknowledges idempotently, so telling it again
/// is always safe. And an original that ends without being handled (rejected, voided) releases the
/// reports merged into it back to intake: each would otherwise end, unseen, with a case that did not
/// deal with it.
/// </summary>
public static class MergeNotices
{
    /// <summary>
    /// The notice the duplicate owes, read from its own history: after its latest merge, attach to
    /// that original; after its latest undo, detach from the original it left. Null for a case that
    /// was never merged. Whether the original has taken it is known only from its answer.
    /// </summary>
    public static OwedMergeNotice? OwedToOriginal(IEnumerable<IncidentEvent> duplicateHistory) =>
        duplicateHistory.LastOrDefault(e => e.Facts is MergeFacts) is { Facts: MergeFacts facts } step
            ? new OwedMergeNotice(facts.OriginalIncidentId, step.Command == CommandKind.Merge, step)
            : null;

    /// <summary>Ends that mean the matter was not handled: the reports merged into the case go back to intake.</summary>
    public static bool ReleasesMergedReports(IncidentState state) => state is IncidentState.Rejected or IncidentState.Voided;

    /// <summary>The reports this case must still release: all of those merged into it once it was rejected or voided, else none.</summary>
    public static IReadOnlyList<MergedReport> ToRelease(IncidentRecord original) =>
        ReleasesMergedReports(original.State) ? original.MergedReports : [];

    /// <summary>Why a released report was taken out of its original (the system's unmerge needs a reason, like a person's).</summary>
    public static string ReleaseReason(IncidentRecord original) => original.State == IncidentState.Voided
        ? $"原事件 {original.Id} 已作废，合并的报告退回受理。Original case {original.Id} was voided: the merged report returns to intake."
        : $"原事件 {original.Id} 已不予受理，合并的报告退回受理。Original case {original.Id} was rejected: the merged report returns to intake.";

    /// <summary>The original's own side of a release: detach the released report, by the system, with the release's reason.</summary>
    public static MergedReportNotice Detach(IncidentRecord original, MergedReport released) =>
        new(SystemActor.Instance, released.IncidentId, released.ReporterUserId, Attach: false, ReleaseReason(original));
}
