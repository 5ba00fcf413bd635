using RuleOfLaw.Grains.Actors;
using static RuleOfLaw.Grains.Actors.Role;
using static RuleOfLaw.Grains.Incidents.IncidentState;

namespace RuleOfLaw.Grains.Incidents;

/// <summary>Which roles may issue a command from which states (domain.md §3).</summary>
public sealed record TransitionRule(
    CommandKind Command,
    IReadOnlyList<IncidentState> From,
    IReadOnlyList<Role> Roles);

/// <summary>
/// The closed loop as a table. Guards that depend on more than state and role (the assigned
/// unit, a pending request, the case's source) live in <see cref="IncidentLifecycle"/>.
/// </summary>
public static class TransitionTable
{
    /// <summary>Supervision and summonses apply to a case at any point until it is closed.</summary>
    private static readonly IncidentState[] OpenStates = [.. Enum.GetValues<IncidentState>().Where(state => state.IsOpen())];
    /// <summary>
    /// Where duplicates are handled: at intake (受理), before the case is registered. A merged
    /// report keeps its state, so undoing the merge starts from the same states.
    /// </summary>
    private static readonly IncidentState[] IntakeStates = [Reported, Verifying, PendingRegistration];

    public static IReadOnlyList<TransitionRule> Rules { get; } =
    [
        new(CommandKind.RequestVerification, [Reported], [Intake]),
        new(CommandKind.Verify, [Verifying], [GridWorker]),
        new(CommandKind.SelfHandle, [Reported], [GridWorker]),
        new(CommandKind.Forward, [Reported], [Intake]),
        new(CommandKind.Reject, [Reported, SelfHandled], [Intake]),
        new(CommandKind.Register, [PendingRegistration], [Intake, ShiftLeader]),
        new(CommandKind.Void, [PendingRegistration], [ShiftLeader]),
        new(CommandKind.Dispatch, [Registered], [Dispatcher]),
        new(CommandKind.Sign, [Dispatched], [UnitHandler]),
        new(CommandKind.RequestReturn, [Dispatched], [UnitHandler]),
        new(CommandKind.DecideReturn, [Dispatched], [Dispatcher]),
        new(CommandKind.RequestExtension, [InProgress], [UnitHandler]),
        new(CommandKind.DecideExtension, [InProgress], [Dispatcher]),
        new(CommandKind.RequestHang, [InProgress], [UnitHandler]),
        new(CommandKind.DecideHang, [InProgress], [Dispatcher]),
        new(CommandKind.Resume, [Hung], [UnitHandler, Dispatcher]),
        new(CommandKind.Handle, [InProgress], [UnitHandler]),
        new(CommandKind.SendCheck, [Handled], [Intake]),
        new(CommandKind.Check, [Checking], [GridWorker]),
        new(CommandKind.Close, [PendingClose, SelfHandled], [ShiftLeader]),
        new(CommandKind.IssueSupervision, OpenStates, [Leader]),
        new(CommandKind.ReplySupervision, OpenStates, [UnitHandler, ShiftLeader]),
        new(CommandKind.Summon, OpenStates, [GridWorker, Leader]),
        new(CommandKind.AcknowledgeSummons, OpenStates, [UnitHandler]),
        new(CommandKind.FlagDuplicate, IntakeStates, [Role.System]),
        new(CommandKind.Merge, IntakeStates, [Intake, ShiftLeader]),
        // The system undoes a merge when the original is rejected or voided (the report returns to intake).
        new(CommandKind.Unmerge, IntakeStates, [Intake, ShiftLeader, Role.System]),
        new(CommandKind.Revisit, [Closed], [Intake]),
    ];

    /// <summary>The steps the platform takes by itself when time passes; no person may issue them.</summary>
    public static IReadOnlyList<CommandKind> PlatformSteps { get; } = [CommandKind.ClockTurned, CommandKind.Escalate];

    /// <summary>Roles that may report: grid workers on patrol, intake for every other source.</summary>
    public static IReadOnlyList<Role> ReportingRoles { get; } = [GridWorker, Intake];

    public static TransitionRule? Find(CommandKind command) => Rules.FirstOrDefault(rule => rule.Command == command);
}
