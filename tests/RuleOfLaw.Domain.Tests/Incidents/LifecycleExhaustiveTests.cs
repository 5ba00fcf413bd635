using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Incidents;
using static RuleOfLaw.Grains.Actors.Role;
using static RuleOfLaw.Grains.Incidents.CommandKind;
using static RuleOfLaw.Grains.Incidents.IncidentState;

namespace RuleOfLaw.Domain.Tests.Incidents;

/// <summary>
/// Every state × every step of the closed loop and of intake × every role (× pending request ×
/// merged × verdict) against a specification written here from domain.md §3, independently of the
/// rule's own table. Supervision and summonses depend on the case's orders: SupervisionRuleTests.
/// </summary>
public sealed class LifecycleExhaustiveTests
{
    private sealed record Spec(
        CommandKind Command,
        IncidentState[] From,
        Role[] Roles,
        PendingRequestKind? NeedsPending,
        bool ForbidsPending,
        IncidentState? IfYes,
        IncidentState? IfNo,
        bool NeedsMerged = false);

    /// <summary>Duplicates are handled at intake, and a merged report keeps its state.</summary>
    private static readonly IncidentState[] IntakeStates = [Reported, Verifying, PendingRegistration];

    private static readonly Spec[] Specification =
    [
        new(RequestVerification, [Reported], [Intake], null, false, Verifying, Verifying),
        new(Verify, [Verifying], [GridWorker], null, false, Reported, Rejected),
        new(SelfHandle, [Reported], [GridWorker], null, false, SelfHandled, SelfHandled),
        new(Forward, [Reported], [Intake], null, false, PendingRegistration, PendingRegistration),
        new(Reject, [Reported, SelfHandled], [Intake], null, false, Rejected, Rejected),
        new(Register, [PendingRegistration], [Intake, ShiftLeader], null, false, Registered, Registered),
        new(CommandKind.Void, [PendingRegistration], [ShiftLeader], null, false, Voided, Voided),
        new(Dispatch, [Registered], [Dispatcher], null, false, Dispatched, Dispatched),
        new(Sign, [Dispatched], [UnitHandler], null, true, InProgress, InProgress),
        new(RequestReturn, [Dispatched], [UnitHandler], null, true, Dispatched, Dispatched),
        new(DecideReturn, [Dispatched], [Dispatcher], PendingRequestKind.Return, false, Registered, Dispatched),
        new(CommandKind.RequestExtension, [InProgress], [UnitHandler], null, true, InProgress, InProgress),
        new(DecideExtension, [InProgress], [Dispatcher], PendingRequestKind.Extension, false, InProgress, InProgress),
        new(RequestHang, [InProgress], [UnitHandler], null, true, InProgress, InProgress),
        new(DecideHang, [InProgress], [Dispatcher], PendingRequestKind.Hang, false, Hung, InProgress),
        new(Resume, [Hung], [UnitHandler, Dispatcher], null, false, InProgress, InProgress),
        new(Handle, [InProgress], [UnitHandler], null, false, Handled, Handled),
        new(SendCheck, [Handled], [Intake], null, false, Checking, Checking),
        new(Check, [Checking], [GridWorker], null, false, PendingClose, Dispatched),
        new(Close, [PendingClose, SelfHandled], [ShiftLeader], null, false, Closed, Closed),

        // null: the step leaves the state as it was.
        new(CommandKind.FlagDuplicate, IntakeStates, [Role.System], null, false, null, null),
        new(Merge, IntakeStates, [Intake, ShiftLeader], null, false, null, null),
        new(Unmerge, IntakeStates, [Intake, ShiftLeader, Role.System], null, false, null, null, NeedsMerged: true),

        // "Yes" is a satisfied reporter; "no" a disputed closure, which goes back to the unit as rework.
        new(Revisit, [Closed], [Intake], null, false, Closed, Dispatched),
    ];

    private static readonly PendingRequestKind?[] PendingVariants =
        [null, PendingRequestKind.Return, PendingRequestKind.Extension, PendingRequestKind.Hang];

    /// <summary>A merged report takes no step but the undo of its merge.</summary>
    private static IncidentState? Expected(IncidentState state, PendingRequestKind? pending, bool merged, CommandKind command, Role role, bool yes)
    {
        var spec = Specification.Single(s => s.Command == command);
        var allowed = spec.From.Contains(state)
            && spec.Roles.Contains(role)
            && (spec.NeedsPending is null || spec.NeedsPending == pending)
            && !(spec.ForbidsPending && pending is not null)
            && spec.NeedsMerged == merged;
        return allowed ? (yes ? spec.IfYes : spec.IfNo) ?? state : null;
    }

    [Fact]
    public void EveryStateCommandAndRoleCombinationFollowsTheSpecification()
    {
        var mismatches = new List<string>();
        var checkedCases = 0;
        foreach (var state in Enum.GetValues<IncidentState>())
        {
            foreach (var (pending, merged) in PendingVariants.SelectMany(pending => new[] { (pending, false), (pending, true) }))
            {
                var current = Cases.InState(state, pending, merged: merged);
                foreach (var command in Specification.Select(spec => spec.Command).Where(kind => kind != Report))
                {
                    foreach (var role in Enum.GetValues<Role>())
                    {
                        foreach (var yes in new[] { true, false })
                        {
                            checkedCases++;
                            var actor = Actors.Of(role);
                            var expected = Expected(state, pending, merged, command, role, yes);
                            var decision = IncidentLifecycle.Decide(current, Cases.Command(command, actor, yes), Cases.Now, new FixedContext());
                            var actual = decision is Accepted accepted ? accepted.Event.To : (IncidentState?)null;
                            if (actual != expected)
                            {
                                mismatches.Add($"{state}/{pending?.ToString() ?? "-"}{(merged ? "/merged" : "")} {command} by {role} ({(yes ? "yes" : "no")}): expected {expected?.ToString() ?? "refused"}, got {actual?.ToString() ?? Describe(decision)}");
                            }
                            else if (decision is Refused refused && refused.Kind != ExpectedRefusal(current, command, actor))
                            {
                                mismatches.Add($"{state} {command} by {role}: refused as {refused.Kind}, expected {ExpectedRefusal(current, command, actor)}");
                            }
                        }
                    }
                }
            }
        }

        Assert.Equal(14 * 4 * 2 * 24 * 8 * 2, checkedCases);
        Assert.Empty(mismatches);
    }

    /// <summary>
    /// A step that is never the role's, or a case not dispatched to the handler's unit, is
    /// forbidden (403) whatever the state; a step of the actor's at the wrong moment is a conflict (409).
    /// </summary>
    private static RefusalKind ExpectedRefusal(IncidentRecord current, CommandKind command, Actor actor) =>
        Specification.Single(spec => spec.Command == command).Roles.Contains(actor.Role)
            && (actor.Role != UnitHandler || actor.UnitId == current.AssignedUnitId)
            ? RefusalKind.NotAllowed
            : RefusalKind.Forbidden;

    [Fact]
    public void ARefusalListsExactlyTheStepsTheActorMayTakeNow()
    {
        foreach (var state in Enum.GetValues<IncidentState>())
        {
            foreach (var (pending, merged) in PendingVariants.SelectMany(pending => new[] { (pending, false), (pending, true) }))
            {
                var current = Cases.InState(state, pending, merged: merged);
                foreach (var role in Enum.GetValues<Role>())
                {
                    var expected = Specification
                        .Where(spec => Expected(state, pending, merged, spec.Command, role, yes: true) is not null)
                        .Select(spec => spec.Command)
                        .Concat(state.IsOpen() && !merged && role == Leader ? [IssueSupervision] : [])
                        .Concat(state.IsOpen() && !merged && role is GridWorker or Leader ? [Summon] : [])
                        .ToList();
                    Assert.Equal(expected, IncidentLifecycle.AllowedCommands(current, Actors.Of(role)));
                }
            }
        }
    }

    [Fact]
    public void EveryAcceptedTransitionRecordsActorRoleUnitServerTimeReasonAndAttachments()
    {
        foreach (var spec in Specification)
        {
            var pending = spec.NeedsPending;
            var state = spec.From[0];
            var actor = Actors.Of(spec.Roles[0]);
            var command = Cases.Command(spec.Command, actor);
            var decision = IncidentLifecycle.Decide(Cases.InState(state, pending, merged: spec.NeedsMerged), command, Cases.Now, new FixedContext());

            var e = Assert.IsType<Accepted>(decision).Event;
            Assert.Equal(6, e.Version);
            Assert.Equal(spec.Command, e.Command);
            Assert.Equal(state, e.From);
            Assert.Equal(actor.UserId, e.ActorUserId);
            Assert.Equal(actor.Role, e.ActorRole);
            Assert.Equal(actor.UnitId, e.ActorUnitId);
            Assert.Equal(Cases.Now, e.At);
            Assert.Equal(command.Reason, e.Reason);
            Assert.Equal(command.Attachments, e.Attachments);
        }
    }

    private static string Describe(Decision decision) => decision is Refused refused ? $"refused ({refused.Kind}: {refused.Message})" : "accepted";
}
