using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Privacy;
using RuleOfLaw.Grains.Teams;

namespace RuleOfLaw.Grains.Incidents;

/// <summary>Every command of the closed loop; the lifecycle rule is a table over these.</summary>
public enum CommandKind
{
    Report,
    RequestVerification,
    Verify,
    SelfHandle,
    Forward,
    Reject,
    Register,
    Void,
    Dispatch,
    Sign,
    RequestReturn,
    DecideReturn,
    RequestExtension,
    DecideExtension,
    RequestHang,
    DecideHang,
    Resume,
    Handle,
    SendCheck,
    Check,
    Close,

    /// <summary>A clock turned yellow or red (the platform's step, never a person's).</summary>
    ClockTurned,

    /// <summary>A red clock climbed one rung of the escalation ladder (the platform's step).</summary>
    Escalate,

    /// <summary>督办: a leader's instruction that needs the responsible unit's reply by a date.</summary>
    IssueSupervision,

    /// <summary>The responsible unit replies to a supervision order.</summary>
    ReplySupervision,

    /// <summary>吹哨: a street or grid summons departments to the case.</summary>
    Summon,

    /// <summary>报到: a summoned department acknowledges and states what it commits.</summary>
    AcknowledgeSummons,
    /// <summary>The platform flags a new report as a likely duplicate of open cases nearby.</summary>
    FlagDuplicate,

    /// <summary>An operator merges a duplicate into its original; the original records it too.</summary>
    Merge,

    /// <summary>An operator undoes a merge, on the duplicate and on the original.</summary>
    Unmerge,

    /// <summary>回访: intake asks the reporter how the closure went; a disputed closure reopens the case.</summary>
    Revisit,
}

/// <summary>
/// A command on one incident. The actor travels with every command so that the grain, not the
/// edge, enforces who may do what.
/// </summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.IncidentCommand")]
public abstract record IncidentCommand(
    [property: Id(0)] Actor Actor,
    [property: Id(1)] string? Reason,
    [property: Id(2)] IReadOnlyList<string> Attachments)
{
    public abstract CommandKind Kind { get; }
}

/// <summary>Collects a case (信息收集): a grid worker's patrol report or an intake registration.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.ReportIncident")]
public sealed record ReportIncident(
    Actor Actor,
    [property: Id(0)] string SubcategoryCode,
    [property: Id(1)] string Description,
    [property: Id(2)] double Longitude,
    [property: Id(3)] double Latitude,
    [property: Id(4)] string? Address,
    [property: Id(5)] IncidentSource Source,
    [property: Id(6)] bool Urgent,
    IReadOnlyList<string> Attachments,
    [property: Id(7)] PersonalInformation? Personal = null,
    [property: Id(8)] bool MarkedSensitive = false) : IncidentCommand(Actor, null, Attachments)
{
    public override CommandKind Kind => CommandKind.Report;
}

/// <summary>A step that needs nothing beyond actor, reason and attachments.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.StepCommand")]
public sealed record StepCommand(
    [property: Id(0)] CommandKind Step,
    Actor Actor,
    string? Reason,
    IReadOnlyList<string> Attachments) : IncidentCommand(Actor, Reason, Attachments)
{
    public override CommandKind Kind => Step;
}

/// <summary>
/// A step whose outcome is a yes/no: verification (exists?), check (passed?), and the
/// dispatcher's decisions on returns, extensions and hangs (approved?).
/// </summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.VerdictCommand")]
public sealed record VerdictCommand(
    [property: Id(0)] CommandKind Step,
    [property: Id(1)] bool Affirmed,
    Actor Actor,
    string? Reason,
    IReadOnlyList<string> Attachments) : IncidentCommand(Actor, Reason, Attachments)
{
    public override CommandKind Kind => Step;
}

/// <summary>
/// Sends the case to a unit. Without <see cref="UnitId"/> the power list's lead unit is used;
/// naming another unit overrides it and needs a reason. <see cref="TeamId"/> optionally names one
/// of that unit's field teams; the case's grain fills <see cref="Ranking"/> (the unit's teams
/// ranked for the case at this moment) before deciding, whatever the edge put there.
/// </summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.DispatchIncident")]
public sealed record DispatchIncident(
    Actor Actor,
    [property: Id(0)] string? UnitId,
    string? Reason,
    IReadOnlyList<string> Attachments,
    [property: Id(1)] string? TeamId = null,
    [property: Id(2)] TeamRanking? Ranking = null) : IncidentCommand(Actor, Reason, Attachments)
{
    public override CommandKind Kind => CommandKind.Dispatch;
}

/// <summary>A unit asks for more handling time (延期申请).</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.RequestExtension")]
public sealed record RequestExtension(
    Actor Actor,
    [property: Id(0)] TimeLimit Extension,
    string? Reason,
    IReadOnlyList<string> Attachments) : IncidentCommand(Actor, Reason, Attachments)
{
    public override CommandKind Kind => CommandKind.RequestExtension;
}

/// <summary>The shift leader closes the case (结案).</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.CloseIncident")]
public sealed record CloseIncident(
    Actor Actor,
    [property: Id(0)] ClosureKind Closure,
    string? Reason,
    IReadOnlyList<string> Attachments) : IncidentCommand(Actor, Reason, Attachments)
{
    public override CommandKind Kind => CommandKind.Close;
}

/// <summary>The platform's flag on a new report: the open cases nearby it likely duplicates, nearest first.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.FlagDuplicate")]
public sealed record FlagDuplicate(
    Actor Actor,
    [property: Id(0)] IReadOnlyList<string> CandidateIds) : IncidentCommand(Actor, null, [])
{
    public override CommandKind Kind => CommandKind.FlagDuplicate;
}

/// <summary>
/// Merges this report (the duplicate) into <see cref="IntoIncidentId"/> (the original). The
/// duplicate's grain fills <see cref="Target"/> from the original before deciding; whatever the
/// edge put there is replaced.
/// </summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.MergeIncident")]
public sealed record MergeIncident(
    Actor Actor,
    [property: Id(0)] string IntoIncidentId,
    string? Reason,
    IReadOnlyList<string> Attachments,
    [property: Id(1)] MergeTarget? Target = null) : IncidentCommand(Actor, Reason, Attachments)
{
    public override CommandKind Kind => CommandKind.Merge;
}

/// <summary>What the rule needs to know of the original a report is merged into.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.MergeTarget")]
public sealed record MergeTarget(
    [property: Id(0)] string IncidentId,
    [property: Id(1)] IncidentState State,
    [property: Id(2)] string CategoryCode,
    [property: Id(3)] string GridCode,
    [property: Id(4)] string? AssignedUnitId,
    [property: Id(5)] string? MergedInto)
{
    public static MergeTarget Of(IncidentRecord record) =>
        new(record.Id, record.State, record.Report.CategoryCode, record.GridCode, record.AssignedUnitId, record.MergedInto);
}

/// <summary>
/// From the duplicate's grain to the original's, after the duplicate committed its merge or its
/// undo: attach (or detach) the duplicate's reporter. Idempotent by the duplicate's id.
/// </summary>
/// <remarks>
/// <paramref name="By"/> is who merged or undid, as the duplicate recorded it, not a person's
/// request: the actor check verified them when they took the step on the duplicate. It is not
/// named <c>Actor</c>, so that check leaves the notice alone: the duplicate tells the original again
/// until it takes it, possibly long after, when that person may have moved area or left.
/// </remarks>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.MergedReportNotice")]
public sealed record MergedReportNotice(
    [property: Id(0)] Actor By,
    [property: Id(1)] string DuplicateIncidentId,
    [property: Id(2)] string ReporterUserId,
    [property: Id(3)] bool Attach,
    [property: Id(4)] string? Reason);

/// <summary>
/// Intake's revisit of a closed case (回访): the reporter's satisfaction, and whether they dispute
/// the closure. A disputed closure sends the case back to the unit that handled it, as rework.
/// </summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.RevisitIncident")]
public sealed record RevisitIncident(
    Actor Actor,
    [property: Id(0)] Satisfaction Satisfaction,
    [property: Id(1)] bool Disputed,
    string? Reason,
    IReadOnlyList<string> Attachments) : IncidentCommand(Actor, Reason, Attachments)
{
    public override CommandKind Kind => CommandKind.Revisit;
}
