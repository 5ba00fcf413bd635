using RuleOfLaw.Grains.Incidents;

namespace RuleOfLaw.Grains.Tests.Assessment;

/// <summary>
/// What the test itself knows about one case of the history, kept by the script as it takes each
/// step (never read back from the product): where and by whom it was reported, when it was
/// reported and registered, where it stands, and everything the formulas of docs/assessment.md ask.
/// </summary>
public sealed class ScriptedCase
{
    public required string Id { get; init; }

    public required string Grid { get; init; }

    public required string Reporter { get; init; }

    public required IncidentSource Source { get; init; }

    public required DateTimeOffset ReportedAt { get; init; }

    public DateTimeOffset? RegisteredAt { get; set; }

    public IncidentState State { get; set; } = IncidentState.Reported;

    /// <summary>The unit the case is with, or was last with; null before dispatch and after an approved return.</summary>
    public string? Unit { get; set; }

    public int DispatchSteps { get; set; }

    public int Reworks { get; set; }

    public bool ExtensionGranted { get; set; }

    /// <summary>The units whose own handling clock the script let go past its due time while the case was with them.</summary>
    public HashSet<string> LateUnits { get; } = [];

    /// <summary>docs/assessment.md: the unit the case is (or was last) with went late with it; nobody's lateness while it is with nobody.</summary>
    public bool HandledLate => Unit is not null && LateUnits.Contains(Unit);

    public ClosureKind? Closure { get; set; }

    public Satisfaction? Rating { get; set; }

    public bool Disputed { get; set; }

    /// <summary>The original this report was merged into, if it was.</summary>
    public string? MergedInto { get; init; }
}

/// <summary>
/// The definitions of docs/assessment.md written out again, by hand, for the test: counter names
/// map to numbers, days are Beijing dates (UTC+8 all year: China has kept no daylight saving since
/// 1991). Deliberately shares no code with the product's tally.
/// </summary>
public static class HandWrittenExpectations
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    public static readonly string[] CounterNames =
    [
        "Reported", "ValidReports", "SelfHandledClosed", "Revisited", "Satisfied", "Disputed",
        "Registered", "Hung", "DueToClose", "Closed", "ClosedOnTime", "DueToHandle", "Handled", "HandledOnTime",
        "Dispatches", "Rework", "Extended", "Overdue", "PublicReports",
    ];

    public static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Beijing).DateTime);

    /// <summary>Each day this case adds counters to, with those counters by name.</summary>
    public static IEnumerable<(DateOnly Day, Dictionary<string, int> Counters)> Entries(ScriptedCase c)
    {
        if (c.MergedInto is not null)
        {
            // A merged duplicate counts once: as the original it was merged into, never on its own.
            yield break;
        }

        var registered = c.RegisteredAt is not null;
        var selfHandledClosed = !registered && c.State == IncidentState.Closed;
        var report = Zero();
        report["Reported"] = 1;
        report["ValidReports"] = registered || selfHandledClosed ? 1 : 0;
        report["SelfHandledClosed"] = selfHandledClosed ? 1 : 0;
        report["Revisited"] = c.Rating is null ? 0 : 1;
        report["Satisfied"] = c.Rating is Satisfaction.Satisfied or Satisfaction.BasicallySatisfied ? 1 : 0;
        report["Disputed"] = c.Rating is not null && c.Disputed ? 1 : 0;
        yield return (DayOf(c.ReportedAt), report);

        if (!registered)
        {
            yield break;
        }

        var counted = Zero();
        counted["Registered"] = 1;
        if (c.State == IncidentState.Hung)
        {
            counted["Hung"] = 1;
            yield return (DayOf(c.RegisteredAt!.Value), counted);
            yield break;
        }

        var withUnit = c.Unit is not null;
        var handled = withUnit && c.State is IncidentState.Handled or IncidentState.Checking or IncidentState.PendingClose or IncidentState.Closed;
        var closed = c.State == IncidentState.Closed;
        counted["DueToClose"] = 1;
        counted["Closed"] = closed ? 1 : 0;
        counted["ClosedOnTime"] = closed && c.Closure != ClosureKind.Overdue && !c.HandledLate ? 1 : 0;
        counted["DueToHandle"] = withUnit ? 1 : 0;
        counted["Handled"] = handled ? 1 : 0;
        counted["HandledOnTime"] = handled && !c.HandledLate ? 1 : 0;
        counted["Dispatches"] = c.DispatchSteps + c.Reworks;
        counted["Rework"] = c.Reworks;
        counted["Extended"] = c.ExtensionGranted ? 1 : 0;
        counted["Overdue"] = c.HandledLate ? 1 : 0;
        counted["PublicReports"] = c.Source is IncidentSource.Hotline or IncidentSource.Public or IncidentSource.Media or IncidentSource.Petition ? 1 : 0;
        yield return (DayOf(c.RegisteredAt!.Value), counted);
    }

    /// <summary>The counters of the cases in [from, to), summed by hand.</summary>
    public static Dictionary<string, int> Sum(IEnumerable<ScriptedCase> cases, DateOnly from, DateOnly to)
    {
        var total = Zero();
        foreach (var (day, counters) in cases.SelectMany(Entries))
        {
            if (day >= from && day < to)
            {
                foreach (var (name, value) in counters)
                {
                    total[name] += value;
                }
            }
        }

        return total;
    }

    /// <summary>The eight rates of domain.md §5, each rounded to 4 places half away from zero; null over nothing.</summary>
    public static Dictionary<string, decimal?> Rates(Dictionary<string, int> c) => new()
    {
        ["ClosureRate"] = Rate(c["Closed"], c["DueToClose"]),
        ["OnTimeClosureRate"] = Rate(c["ClosedOnTime"], c["DueToClose"]),
        ["OnTimeHandlingRate"] = Rate(c["HandledOnTime"], c["DueToHandle"]),
        ["DispatchAccuracy"] = Rate(c["Dispatches"] - c["Rework"], c["Dispatches"]),
        ["ReworkRate"] = Rate(c["Rework"], c["DueToClose"]),
        ["ValidReportRate"] = Rate(c["ValidReports"], c["Reported"]),
        ["MissedReportRate"] = Rate(c["PublicReports"], c["Registered"]),
        ["SatisfactionRate"] = Rate(c["Satisfied"], c["Revisited"]),
    };

    /// <summary>
    /// The composite score: 10 × volume/busiest + 30 × closure + 30 × on-time handling (1 when
    /// nothing was with a unit) + 30 × (1 − rework, not below 0), rounded to 2 places; none
    /// without anything due to close.
    /// </summary>
    public static decimal? Score(Dictionary<string, int> c, int busiest)
    {
        if (c["DueToClose"] == 0 || busiest == 0)
        {
            return null;
        }

        decimal due = c["DueToClose"];
        var volume = due / busiest;
        var closure = c["Closed"] / due;
        var onTime = c["DueToHandle"] == 0 ? 1m : (decimal)c["HandledOnTime"] / c["DueToHandle"];
        var rework = c["Rework"] / due;
        var score = (10m * volume) + (30m * closure) + (30m * onTime) + (30m * Math.Max(0m, 1m - rework));
        return Math.Round(score, 2, MidpointRounding.AwayFromZero);
    }

    public static string? Grade(decimal? score) => score switch
    {
        null => null,
        >= 90m => "A",
        >= 75m => "B",
        >= 60m => "C",
        >= 40m => "D",
        _ => "E",
    };

    private static decimal? Rate(int numerator, int denominator) =>
        denominator == 0 ? null : Math.Round((decimal)numerator / denominator, 4, MidpointRounding.AwayFromZero);

    private static Dictionary<string, int> Zero() => CounterNames.ToDictionary(name => name, _ => 0);
}
