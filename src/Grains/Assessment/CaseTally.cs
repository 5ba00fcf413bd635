using RuleOfLaw.Grains.Incidents;

namespace RuleOfLaw.Grains.Assessment;

/// <summary>
/// What one case contributes to the assessment, as a pure function of its record
/// (<see cref="Of"/>): its report counters on its report day and its case counters on its
/// registration (立案) day, and to whom it is attributed: its grid (and so every ancestor area),
/// the unit it is or was last dispatched to, and the person who reported it. A scope's counters
/// are the sum of the tallies of its cases, so a committed event changes a scope by
/// tally(after) − tally(before) and nothing else. Definitions: docs/assessment.md.
/// </summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Assessment.CaseTally")]
public sealed record CaseTally(
    [property: Id(0)] string GridCode,
    [property: Id(1)] string? UnitId,
    [property: Id(2)] string ReporterId,
    [property: Id(3)] DateOnly ReportDay,
    [property: Id(4)] CounterSet ReportCounters,
    [property: Id(5)] DateOnly? RegistrationDay,
    [property: Id(6)] CounterSet CaseCounters)
{
    /// <summary>Sources that are citizens telling the centre what its grid workers did not report (漏报).</summary>
    public static IReadOnlyList<IncidentSource> PublicSources { get; } =
        [IncidentSource.Hotline, IncidentSource.Public, IncidentSource.Media, IncidentSource.Petition];

    /// <summary>Each day this case adds counters to, with those counters.</summary>
    public IEnumerable<(DateOnly Day, CounterSet Counters)> Entries()
    {
        if (!ReportCounters.IsZero)
        {
            yield return (ReportDay, ReportCounters);
        }

        if (RegistrationDay is { } registered && !CaseCounters.IsZero)
        {
            yield return (registered, CaseCounters);
        }
    }

    /// <summary>The counters this case adds to the days of [from, to).</summary>
    public CounterSet Within(DateOnly from, DateOnly to) =>
        CounterSet.Sum(Entries().Where(entry => entry.Day >= from && entry.Day < to).Select(entry => entry.Counters));

    /// <summary>The tally of a case as its record stands now; see docs/assessment.md for each counter.</summary>
    public static CaseTally Of(IncidentRecord record)
    {
        var reportDay = AssessmentDays.DayOf(record.ReportedAt);
        var registrationDay = record.RegisteredAt is { } registeredAt ? AssessmentDays.DayOf(registeredAt) : (DateOnly?)null;
        if (AssessmentFacts.IsMergedAway(record))
        {
            // A merged duplicate counts once: on the case it was merged into, never on its own.
            return new CaseTally(record.GridCode, record.AssignedUnitId, record.ReportedBy, reportDay, CounterSet.Zero, registrationDay, CounterSet.Zero);
        }

        var registered = record.RegisteredAt is not null;
        var selfHandledClosed = !registered && record.State == IncidentState.Closed;
        var revisit = record.Revisit;
        var report = new CounterSet
        {
            Reported = 1,
            ValidReports = registered || selfHandledClosed ? 1 : 0,
            SelfHandledClosed = selfHandledClosed ? 1 : 0,
            Revisited = revisit is null ? 0 : 1,
            Satisfied = revisit is { Satisfaction: Satisfaction.Satisfied or Satisfaction.BasicallySatisfied } ? 1 : 0,
            Disputed = revisit is { Disputed: true } ? 1 : 0,
        };

        return new CaseTally(record.GridCode, record.AssignedUnitId, record.ReportedBy, reportDay, report, registrationDay, registered ? CaseCountersOf(record) : CounterSet.Zero);
    }

    private static CounterSet CaseCountersOf(IncidentRecord record)
    {
        if (record.State == IncidentState.Hung)
        {
            // Hung cases leave every denominator (domain.md §5) and, so that no rate counts a
            // numerator without its denominator, every other case counter too while they hang.
            return new CounterSet { Registered = 1, Hung = 1 };
        }

        var late = AssessmentFacts.HandlingWentLate(record);
        var withUnit = record.AssignedUnitId is not null && record.DispatchCount > 0;
        var handled = withUnit && record.State is IncidentState.Handled or IncidentState.Checking or IncidentState.PendingClose or IncidentState.Closed;
        var closed = record.State == IncidentState.Closed;
        return new CounterSet
        {
            Registered = 1,
            DueToClose = 1,
            Closed = closed ? 1 : 0,
            ClosedOnTime = closed && record.Closure != ClosureKind.Overdue && !late ? 1 : 0,
            DueToHandle = withUnit ? 1 : 0,
            Handled = handled ? 1 : 0,
            HandledOnTime = handled && !late ? 1 : 0,
            Dispatches = record.DispatchCount + record.ReworkCount,
            Rework = record.ReworkCount,
            Extended = record.Extensions.Count > 0 ? 1 : 0,
            Overdue = late ? 1 : 0,
            PublicReports = PublicSources.Contains(record.Report.Source) ? 1 : 0,
        };
    }
}
