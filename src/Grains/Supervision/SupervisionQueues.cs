using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.Grains.Queues;

namespace RuleOfLaw.Grains.Supervision;

/// <summary>Where an order or a summons stands, as its queue shows it.</summary>
public enum ObligationStatus
{
    /// <summary>Owed, and its time has not run out.</summary>
    Awaiting,

    /// <summary>Owed, and its time ran out: the clock went red and escalated.</summary>
    Overdue,

    /// <summary>Done within its time.</summary>
    Done,

    /// <summary>Done after its time ran out: counts against the one who owed it.</summary>
    DoneLate,

    /// <summary>
    /// Still owed, within its time, when its case finished (closed, rejected, voided or merged):
    /// owed no more, and counted neither on time nor late (随案终止). One already past its time then
    /// stays <see cref="Overdue"/>: it was missed.
    /// </summary>
    EndedWithCase,
}

/// <summary>One supervision order in the queue of the leader who issued it.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Supervision.SupervisionLine")]
public sealed record SupervisionLine(
    [property: Id(0)] string IncidentId,
    [property: Id(1)] string OrderId,
    [property: Id(2)] string Instruction,
    [property: Id(3)] DateTimeOffset IssuedAt,
    [property: Id(4)] DateTimeOffset ReplyBy,
    [property: Id(5)] ObligationStatus Status,
    [property: Id(6)] DateTimeOffset? RepliedAt,
    [property: Id(7)] string? Reply,
    [property: Id(8)] string GridCode,
    [property: Id(9)] string Title) : ICaseQueueEntry<SupervisionLine>
{
    public string Slot => $"{IncidentId}/{OrderId}";

    /// <summary>What is still owed first (overdue before awaiting), then by reply date.</summary>
    public int CompareTo(SupervisionLine? other) => other is null ? 1
        : Rank(Status).CompareTo(Rank(other.Status)) is var byStatus and not 0 ? byStatus
        : ReplyBy.CompareTo(other.ReplyBy) is var byDate and not 0 ? byDate
        : string.CompareOrdinal(Slot, other.Slot);

    internal static int Rank(ObligationStatus status) => status switch
    {
        ObligationStatus.Overdue => 0,
        ObligationStatus.Awaiting => 1,
        _ => 2,
    };
}

/// <summary>One summons of a department, in that department's queue.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Supervision.SummonsLine")]
public sealed record SummonsLine(
    [property: Id(0)] string IncidentId,
    [property: Id(1)] string SummonsId,
    [property: Id(2)] string UnitId,
    [property: Id(3)] string Reason,
    [property: Id(4)] DateTimeOffset SummonedAt,
    [property: Id(5)] DateTimeOffset AcknowledgeBy,
    [property: Id(6)] ObligationStatus Status,
    [property: Id(7)] DateTimeOffset? AcknowledgedAt,
    [property: Id(8)] string? Commitment,
    [property: Id(9)] string GridCode,
    [property: Id(10)] string Title) : ICaseQueueEntry<SummonsLine>
{
    public string Slot => $"{IncidentId}/{SummonsId}";

    public int CompareTo(SummonsLine? other) => other is null ? 1
        : SupervisionLine.Rank(Status).CompareTo(SupervisionLine.Rank(other.Status)) is var byStatus and not 0 ? byStatus
        : AcknowledgeBy.CompareTo(other.AcknowledgeBy) is var byDate and not 0 ? byDate
        : string.CompareOrdinal(Slot, other.Slot);
}

/// <summary>
/// The lines a case keeps in leaders' supervision queues and departments' summons queues (pure).
/// Done orders and summonses stay in the queue: it is also the record counted against a department.
/// </summary>
public static class SupervisionQueues
{
    public static string OfLeader(string userId) => $"leader:{userId}";

    public static string OfUnit(string unitId) => $"unit:{unitId}";

    public static IReadOnlyDictionary<string, IReadOnlyList<SupervisionLine>> Orders(IncidentRecord record)
    {
        var title = IncidentSummary.TitleOf(record.Report.Description);
        return record.Supervisions
            .GroupBy(order => OfLeader(order.IssuedBy))
            .ToDictionary(
                group => group.Key,
                group => (IReadOnlyList<SupervisionLine>)[.. group.Select(order => new SupervisionLine(
                    record.Id, order.OrderId, order.Instruction, order.IssuedAt, order.ReplyBy,
                    StatusOf(order.RepliedAt is null, order.Overdue, order.EndedAt is not null), order.RepliedAt, order.Reply, record.GridCode, title))]);
    }

    public static IReadOnlyDictionary<string, IReadOnlyList<SummonsLine>> Summonses(IncidentRecord record)
    {
        var title = IncidentSummary.TitleOf(record.Report.Description);
        return record.Summonses
            .SelectMany(summons => summons.Units.Select(unit => new SummonsLine(
                record.Id, summons.SummonsId, unit.UnitId, summons.Reason, summons.SummonedAt, summons.AcknowledgeBy,
                StatusOf(unit.AcknowledgedAt is null, unit.Overdue, unit.EndedAt is not null), unit.AcknowledgedAt, unit.Commitment, record.GridCode, title)))
            .GroupBy(line => OfUnit(line.UnitId))
            .ToDictionary(group => group.Key, group => (IReadOnlyList<SummonsLine>)[.. group]);
    }

    private static ObligationStatus StatusOf(bool unanswered, bool overdue, bool ended) => (unanswered, overdue, ended) switch
    {
        (true, true, _) => ObligationStatus.Overdue,
        (true, false, true) => ObligationStatus.EndedWithCase,
        (true, false, false) => ObligationStatus.Awaiting,
        (false, false, _) => ObligationStatus.Done,
        (false, true, _) => ObligationStatus.DoneLate,
    };
}

/// <summary>How a department has answered its summonses: what is counted against it (吹哨报到考核).</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Supervision.SummonsTally")]
public sealed record SummonsTally(
    [property: Id(0)] int Summoned,
    [property: Id(1)] int Awaiting,
    [property: Id(2)] int AcknowledgedOnTime,
    [property: Id(3)] int AcknowledgedLate,
    [property: Id(4)] int Overdue,
    [property: Id(5)] int EndedWithCase = 0)
{
    public static SummonsTally Of(IReadOnlyList<SummonsLine> lines) => new(
        lines.Count,
        lines.Count(line => line.Status == ObligationStatus.Awaiting),
        lines.Count(line => line.Status == ObligationStatus.Done),
        lines.Count(line => line.Status == ObligationStatus.DoneLate),
        lines.Count(line => line.Status == ObligationStatus.Overdue),
        lines.Count(line => line.Status == ObligationStatus.EndedWithCase));
}
