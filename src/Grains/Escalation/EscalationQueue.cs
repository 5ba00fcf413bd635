using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Clocks;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.Grains.Queues;

namespace RuleOfLaw.Grains.Escalation;

/// <summary>One escalated clock of a case as the queue of a level above shows it.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Escalation.EscalationEntry")]
public sealed record EscalationEntry(
    [property: Id(0)] string IncidentId,
    [property: Id(1)] ClockKind Clock,
    [property: Id(2)] string? Key,
    [property: Id(3)] int Level,
    [property: Id(4)] DateTimeOffset DueAt,
    [property: Id(5)] string GridCode,
    [property: Id(6)] string Category,
    [property: Id(7)] string Title,
    [property: Id(8)] string? UnitId) : ICaseQueueEntry<EscalationEntry>
{
    /// <summary>One entry per clock of a case in a queue: a later rung replaces the earlier one.</summary>
    public string Slot => $"{IncidentId}/{Clock}/{Key}";

    /// <summary>Highest rung first, then the longest overdue.</summary>
    public int CompareTo(EscalationEntry? other) => other is null ? 1
        : other.Level.CompareTo(Level) is var byLevel and not 0 ? byLevel
        : DueAt.CompareTo(other.DueAt) is var byDue and not 0 ? byDue
        : string.CompareOrdinal(Slot, other.Slot);
}

/// <summary>
/// Which queues a case sits in because of its escalated clocks (pure). A clock that climbed to rung
/// n sits in the queue of every level it reached (its community, street, district) and, at the top,
/// in that of the department that answers for the step; it leaves them all when it stops, while it
/// is paused, and when an extension takes it out of the red.
/// </summary>
public static class EscalationQueues
{
    public static string OfArea(string areaCode) => $"area:{areaCode}";

    public static string OfUnit(string unitId) => $"unit:{unitId}";

    /// <summary>Queue key → entries of this case there, for the clocks running now.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<EscalationEntry>> Of(IncidentRecord record, Func<string, string?> departmentOf)
    {
        var queues = new Dictionary<string, List<EscalationEntry>>();
        if (!record.IsOpen)
        {
            return new Dictionary<string, IReadOnlyList<EscalationEntry>>();
        }

        var grid = AreaCode.Parse(record.GridCode);
        var title = IncidentSummary.TitleOf(record.Report.Description);
        // A paused clock (a hung case) leaves the queues while it stands still: nobody above is to
        // chase what was approved as impossible for now. It comes back when the case resumes.
        foreach (var clock in record.Clocks.Where(clock => clock.Level > 0 && !clock.IsPaused))
        {
            var entry = new EscalationEntry(record.Id, clock.Kind, clock.Key, clock.Level, clock.DueAt, record.GridCode, record.Report.CategoryCode, title, OwingUnit(record, clock));
            for (var rung = 1; rung <= clock.Level; rung++)
            {
                Add(OfArea(grid.AtLevel(RungLevel(rung)).Value), entry);
            }

            if (TopUnit(record, clock, departmentOf) is { } department)
            {
                Add(OfUnit(department), entry);
            }
        }

        return queues.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<EscalationEntry>)pair.Value);

        void Add(string queue, EscalationEntry entry)
        {
            if (!queues.TryGetValue(queue, out var entries))
            {
                queues[queue] = entries = [];
            }

            entries.Add(entry);
        }
    }

    /// <summary>The unit that owes the step a clock measures: the summoned department, or the unit handling the case.</summary>
    public static string? OwingUnit(IncidentRecord record, CaseClock clock) =>
        clock.Kind == ClockKind.SummonsAcknowledgement ? SummonsKeys.UnitOf(clock.Key) : record.AssignedUnitId;

    /// <summary>
    /// At the top of the ladder the district department that answers for the step is named: the
    /// owing unit itself when it is a department, a field team's department; none for a street office
    /// or a step the command centre owes (the district's own queue has it).
    /// </summary>
    public static string? TopUnit(IncidentRecord record, CaseClock clock, Func<string, string?> departmentOf) =>
        clock.Level >= EscalationPolicy.Rungs && OwingUnit(record, clock) is { } unit ? departmentOf(unit) : null;

    /// <summary>Rung 1 is the community, rung 2 the street, rung 3 the district.</summary>
    public static AreaLevel RungLevel(int rung) => rung switch
    {
        1 => AreaLevel.Community,
        2 => AreaLevel.Street,
        _ => AreaLevel.District,
    };
}

/// <summary>A summons clock is keyed by summons and unit, so each summoned department has its own.</summary>
public static class SummonsKeys
{
    public static string Of(string summonsId, string unitId) => $"{summonsId}/{unitId}";

    public static string? UnitOf(string? key) => key?[(key.IndexOf('/') + 1)..];
}
