using RuleOfLaw.Grains.Access;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Clocks;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Escalation;
using RuleOfLaw.Grains.Incidents;

namespace RuleOfLaw.Grains.Supervision;

/// <summary>
/// Supervision orders (督办) and summonses (吹哨报到) as rules over the case's record: pure, called
/// by <see cref="IncidentLifecycle"/> for the four steps they add. Each open order and each
/// unacknowledged summoned department owes something by a time, so each has a clock of its own;
/// when that clock goes red it escalates like any other.
/// </summary>
public static class SupervisionRules
{
    /// <summary>A reply date further out than this is not supervision.</summary>
    public static readonly TimeSpan LongestReplyTime = TimeSpan.FromDays(90);

    /// <summary>Reporting in (报到) is a matter of hours; a week at most.</summary>
    public static readonly TimeSpan LongestAcknowledgementTime = TimeSpan.FromDays(7);

    public const int MostUnitsSummoned = 10;

    public static IReadOnlyList<CommandKind> Steps { get; } =
        [CommandKind.IssueSupervision, CommandKind.ReplySupervision, CommandKind.Summon, CommandKind.AcknowledgeSummons];

    /// <summary>Orders and summonses are named by the version of the event that created them: unique within the case.</summary>
    public static string OrderIdOf(int version) => $"order-{version}";

    public static string SummonsIdOf(int version) => $"summons-{version}";

    /// <summary>
    /// A summoned department reaches the case for its acknowledgement although the case is not
    /// dispatched to it; for everything else the case belongs to the unit it is dispatched to.
    /// </summary>
    public static AccessTarget TargetFor(IncidentRecord current, CommandKind command, Actor actor) =>
        command == CommandKind.AcknowledgeSummons && actor.UnitId is { } unit && IsSummoned(current, unit)
            ? AccessTarget.OfIncident(current.GridCode, unit)
            : AccessTarget.OfIncident(current.GridCode, current.AssignedUnitId);

    public static bool IsSummoned(IncidentRecord record, string unitId) =>
        record.Summonses.Any(summons => summons.Units.Any(unit => unit.UnitId == unitId));

    /// <summary>
    /// Why the step is not this actor's on this case although the role may take it, or null. An
    /// order is answered by the unit handling the case; the shift leader answers for the command
    /// centre only before a unit has it (registered, returned, still at intake), never in a unit's stead.
    /// </summary>
    public static LocalizedText? NotYours(IncidentRecord current, CommandKind command, Actor actor) =>
        command == CommandKind.ReplySupervision && actor.Role == Role.ShiftLeader && current.AssignedUnitId is { } unit
            ? Text.Of($"该事件已派遣给 {unit}，督办由该单位回复。", $"The case is with unit {unit}: that unit replies to the order.")
            : null;

    /// <summary>Why the step cannot be taken now although it is the actor's, or null.</summary>
    public static LocalizedText? NotNow(IncidentRecord current, CommandKind command, Actor actor) => command switch
    {
        CommandKind.ReplySupervision when !current.Supervisions.Any(order => order.AwaitsReply) =>
            Text.Of("该事件没有待回复的督办。", "No supervision order on this case awaits a reply."),
        CommandKind.AcknowledgeSummons when !current.Summonses.Any(summons => summons.Units.Any(unit => unit.UnitId == actor.UnitId && unit.AwaitsAcknowledgement)) =>
            Text.Of("本单位在该事件上没有待报到的吹哨。", "Your unit has no summons on this case awaiting acknowledgement."),
        _ => null,
    };

    /// <summary>Field errors of the four steps, by API field name.</summary>
    public static IEnumerable<(string Field, LocalizedText Message)> Problems(
        IncidentRecord current, IncidentCommand command, DateTimeOffset now, ILifecycleContext context)
    {
        switch (command)
        {
            case IssueSupervision issue:
                if (TextProblem("instruction", Text.Of("督办要求", "instruction"), issue.Instruction) is { } instruction)
                {
                    yield return instruction;
                }

                if (issue.ReplyBy <= now || issue.ReplyBy > now + LongestReplyTime)
                {
                    yield return ("replyBy", Text.Of(
                        $"回复期限须在现在之后、{LongestReplyTime.TotalDays:0} 天之内。",
                        $"The reply date must lie after now and within {LongestReplyTime.TotalDays:0} days."));
                }

                break;
            case ReplySupervision reply:
                if (!current.Supervisions.Any(order => order.OrderId == reply.OrderId && order.AwaitsReply))
                {
                    yield return ("orderId", Text.Of($"“{reply.OrderId}”不是该事件待回复的督办。", $"'{reply.OrderId}' is not an order on this case awaiting a reply."));
                }

                if (TextProblem("reply", Text.Of("回复", "reply"), reply.Reply) is { } text)
                {
                    yield return text;
                }

                break;
            case SummonUnits summon:
                var units = summon.UnitIds ?? [];
                if (units.Count is 0 or > MostUnitsSummoned || units.Distinct().Count() != units.Count)
                {
                    yield return ("unitIds", Text.Of(
                        $"须列出 1 到 {MostUnitsSummoned} 个不重复的单位。",
                        $"Name 1 to {MostUnitsSummoned} units, each once."));
                }

                foreach (var unknown in units.Where(unit => !context.IsKnownUnit(unit)))
                {
                    yield return ("unitIds", Text.Of($"“{unknown}”不是已登记的处置单位。", $"'{unknown}' is not a known unit."));
                }

                if (summon.AcknowledgeBy <= now || summon.AcknowledgeBy > now + LongestAcknowledgementTime)
                {
                    yield return ("acknowledgeBy", Text.Of(
                        $"报到期限须在现在之后、{LongestAcknowledgementTime.TotalDays:0} 天之内。",
                        $"The acknowledgement time must lie after now and within {LongestAcknowledgementTime.TotalDays:0} days."));
                }

                break;
            case AcknowledgeSummons acknowledge:
                if (!current.Summonses.Any(summons => summons.SummonsId == acknowledge.SummonsId
                    && summons.Units.Any(unit => unit.UnitId == acknowledge.Actor.UnitId && unit.AwaitsAcknowledgement)))
                {
                    yield return ("summonsId", Text.Of(
                        $"“{acknowledge.SummonsId}”不是本单位待报到的吹哨。",
                        $"'{acknowledge.SummonsId}' is not a summons awaiting your unit's acknowledgement."));
                }

                if (TextProblem("commitment", Text.Of("承诺事项", "commitment"), acknowledge.Commitment) is { } commitment)
                {
                    yield return commitment;
                }

                break;
        }
    }

    /// <summary>What the step established; the case's state does not change.</summary>
    public static EventFacts Facts(IncidentCommand command, int version) => command switch
    {
        IssueSupervision issue => new SupervisionIssuedFacts(OrderIdOf(version), issue.Instruction.Trim(), issue.ReplyBy),
        ReplySupervision reply => new SupervisionRepliedFacts(reply.OrderId, reply.Reply.Trim()),
        SummonUnits summon => new SummonedFacts(SummonsIdOf(version), [.. summon.UnitIds], summon.AcknowledgeBy),
        AcknowledgeSummons acknowledge => new SummonsAcknowledgedFacts(acknowledge.SummonsId, acknowledge.Actor.UnitId!, acknowledge.Commitment.Trim()),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.Kind, "Not a supervision step."),
    };

    /// <summary>Folds one event into the orders and summonses; a red clock marks its order or department overdue.</summary>
    public static IncidentRecord Apply(IncidentRecord record, IncidentEvent e) => e.Facts switch
    {
        SupervisionIssuedFacts issued => record with
        {
            Supervisions = [.. record.Supervisions, new SupervisionOrder(issued.OrderId, e.ActorUserId, issued.Instruction, e.At, issued.ReplyBy)],
        },
        SupervisionRepliedFacts replied => record with
        {
            Supervisions = [.. record.Supervisions.Select(order => order.OrderId == replied.OrderId
                ? order with { RepliedAt = e.At, RepliedBy = e.ActorUserId, Reply = replied.Reply, Overdue = order.Overdue || e.At > order.ReplyBy }
                : order)],
        },
        SummonedFacts summoned => record with
        {
            Summonses = [.. record.Summonses, new Summons(summoned.SummonsId, e.ActorUserId, e.At, summoned.AcknowledgeBy, e.Reason ?? string.Empty, [.. summoned.UnitIds.Select(unit => new SummonedUnit(unit))])],
        },
        SummonsAcknowledgedFacts acknowledged => record with
        {
            Summonses = [.. record.Summonses.Select(summons => summons.SummonsId != acknowledged.SummonsId ? summons : summons with
            {
                Units = [.. summons.Units.Select(unit => unit.UnitId != acknowledged.UnitId ? unit
                    : unit with { AcknowledgedAt = e.At, AcknowledgedBy = e.ActorUserId, Commitment = acknowledged.Commitment, Overdue = unit.Overdue || e.At > summons.AcknowledgeBy })],
            })],
        },
        ClockTurnedFacts { Colour: ClockColour.Red, Clock: ClockKind.SupervisionReply, Key: var orderId } => record with
        {
            Supervisions = [.. record.Supervisions.Select(order => order.OrderId == orderId ? order with { Overdue = true } : order)],
        },
        ClockTurnedFacts { Colour: ClockColour.Red, Clock: ClockKind.SummonsAcknowledgement, Key: { } key } => record with
        {
            Summonses = [.. record.Summonses.Select(summons => summons with
            {
                Units = [.. summons.Units.Select(unit => SummonsKeys.Of(summons.SummonsId, unit.UnitId) == key ? unit with { Overdue = true } : unit)],
            })],
        },
        _ => record,
    };

    /// <summary>
    /// When a step finishes the case (closed, rejected, voided, merged into another), whatever is
    /// still owed on it ends with it (随案终止): nobody can reply or report in on a finished case, so
    /// it must not wait in a queue forever. What was already past its time when the case finished
    /// was missed and stays overdue, counted against the one who owed it; the rest is neither late
    /// nor on time. Ended stays ended: a disputed closure or an undone merge that opens the case
    /// again does not revive them (a leader issues a new order, a street summons anew).
    /// </summary>
    public static IncidentRecord EndWithCase(IncidentRecord before, IncidentRecord after, DateTimeOffset at)
    {
        if (!before.IsOpen || after.IsOpen || !Owed(after).Any())
        {
            return after;
        }

        return after with
        {
            Supervisions = [.. after.Supervisions.Select(order => order.AwaitsReply
                ? order with { EndedAt = at, Overdue = order.Overdue || at > order.ReplyBy }
                : order)],
            Summonses = [.. after.Summonses.Select(summons => summons with
            {
                Units = [.. summons.Units.Select(unit => unit.AwaitsAcknowledgement
                    ? unit with { EndedAt = at, Overdue = unit.Overdue || at > summons.AcknowledgeBy }
                    : unit)],
            })],
        };
    }

    /// <summary>What is owed now: an order awaiting its reply, a department yet to report in; each is timed by its own clock.</summary>
    public static IEnumerable<(ClockKind Kind, string Key, DateTimeOffset Since, DateTimeOffset DueAt)> Owed(IncidentRecord record)
    {
        foreach (var order in record.Supervisions.Where(order => order.AwaitsReply))
        {
            yield return (ClockKind.SupervisionReply, order.OrderId, order.IssuedAt, order.ReplyBy);
        }

        foreach (var summons in record.Summonses)
        {
            foreach (var unit in summons.Units.Where(unit => unit.AwaitsAcknowledgement))
            {
                yield return (ClockKind.SummonsAcknowledgement, SummonsKeys.Of(summons.SummonsId, unit.UnitId), summons.SummonedAt, summons.AcknowledgeBy);
            }
        }
    }

    private static (string, LocalizedText)? TextProblem(string field, LocalizedText label, string? value) =>
        string.IsNullOrWhiteSpace(value) ? (field, Text.Of($"{label.ZhCn}为必填项。", $"The {label.En} is required."))
        : value.Length > IncidentLimits.ReasonLength ? (field, Text.Of(
            $"{label.ZhCn}有 {value.Length} 个字，最多允许 {IncidentLimits.ReasonLength} 个。",
            $"The {label.En} is {value.Length} characters long; at most {IncidentLimits.ReasonLength} are allowed."))
        : null;
}
