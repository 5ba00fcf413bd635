namespace RuleOfLaw.Grains.Assessment;

/// <summary>The counters of one Asia/Shanghai day.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Assessment.DayCounters")]
public sealed record DayCounters(
    [property: Id(0)] DateOnly Day,
    [property: Id(1)] CounterSet Counters);

/// <summary>
/// A scope's counters by day bucket, so that any period [from, to) is the sum of its days.
/// Immutable, so a grid's table can be handed to its community as is (days with nothing are omitted).
/// </summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Assessment.DailyCounters")]
public sealed record DailyCounters([property: Id(0)] IReadOnlyList<DayCounters> Days)
{
    public static DailyCounters Empty { get; } = new([]);

    /// <summary>The sum of the days in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public CounterSet Within(DateOnly from, DateOnly to) =>
        CounterSet.Sum(Days.Where(day => day.Day >= from && day.Day < to).Select(day => day.Counters));

    /// <summary>Sums several tables day by day (a parent area over its children).</summary>
    public static DailyCounters Sum(IEnumerable<DailyCounters> tables)
    {
        var ledger = new DailyLedger();
        foreach (var day in tables.SelectMany(table => table.Days))
        {
            ledger.Add(day.Day, day.Counters);
        }

        return ledger.ToTable();
    }
}

/// <summary>The mutable day buckets a grain keeps; <see cref="ToTable"/> gives the immutable form.</summary>
public sealed class DailyLedger
{
    private readonly SortedDictionary<DateOnly, CounterSet> _days = [];

    public void Add(DateOnly day, CounterSet counters) => Change(day, counters, +1);

    /// <summary>Adds (<paramref name="sign"/> +1) or takes away (−1) everything a case's tally holds.</summary>
    public void Add(CaseTally? tally, int sign)
    {
        if (tally is null)
        {
            return;
        }

        foreach (var (day, counters) in tally.Entries())
        {
            Change(day, counters, sign);
        }
    }

    public CounterSet Within(DateOnly from, DateOnly to) =>
        CounterSet.Sum(_days.Where(day => day.Key >= from && day.Key < to).Select(day => day.Value));

    public DailyCounters ToTable() => new(_days.Select(day => new DayCounters(day.Key, day.Value)).ToList());

    private void Change(DateOnly day, CounterSet counters, int sign)
    {
        var held = _days.GetValueOrDefault(day, CounterSet.Zero);
        var next = sign > 0 ? held.Plus(counters) : held.Minus(counters);
        if (next.IsZero)
        {
            _days.Remove(day);
        }
        else
        {
            _days[day] = next;
        }
    }
}
