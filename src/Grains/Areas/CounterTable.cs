using RuleOfLaw.Grains.Incidents;

namespace RuleOfLaw.Grains.Areas;

/// <summary>How many cases of one category are in one state.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Areas.StateCount")]
public sealed record StateCount(
    [property: Id(0)] IncidentState State,
    [property: Id(1)] string Category,
    [property: Id(2)] int Count);

/// <summary>
/// The counters of an area by state and category (rows with a count of zero are omitted).
/// Immutable, so a child's table can be handed to its parent as is.
/// </summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Areas.CounterTable")]
public sealed record CounterTable([property: Id(0)] IReadOnlyList<StateCount> Rows)
{
    public static CounterTable Empty { get; } = new([]);

    public int Total => Rows.Sum(row => row.Count);

    public int Open => Rows.Where(row => row.State.IsOpen()).Sum(row => row.Count);

    public IReadOnlyDictionary<IncidentState, int> ByState() =>
        Rows.GroupBy(row => row.State).ToDictionary(group => group.Key, group => group.Sum(row => row.Count));

    public IReadOnlyDictionary<string, int> ByCategory() =>
        Rows.GroupBy(row => row.Category).ToDictionary(group => group.Key, group => group.Sum(row => row.Count));

    /// <summary>Builds a table from mutable counts, in a stable order.</summary>
    public static CounterTable From(IEnumerable<KeyValuePair<(IncidentState State, string Category), int>> counts) =>
        new(counts
            .Where(pair => pair.Value != 0)
            .OrderBy(pair => pair.Key.State)
            .ThenBy(pair => pair.Key.Category, StringComparer.Ordinal)
            .Select(pair => new StateCount(pair.Key.State, pair.Key.Category, pair.Value))
            .ToList());

    /// <summary>Sums the tables of several children.</summary>
    public static CounterTable Sum(IEnumerable<CounterTable> tables)
    {
        var counts = new Dictionary<(IncidentState, string), int>();
        foreach (var row in tables.SelectMany(table => table.Rows))
        {
            counts[(row.State, row.Category)] = counts.GetValueOrDefault((row.State, row.Category)) + row.Count;
        }

        return From(counts);
    }

    /// <summary>Reads store rows whose state names are unknown to this build as absent, never as an error.</summary>
    public static IReadOnlyDictionary<string, CounterTable> FromStore(IEnumerable<AreaStateCount> rows) =>
        rows.GroupBy(row => row.AreaCode)
            .ToDictionary(
                group => group.Key,
                group => From(group
                    .Where(row => Enum.TryParse<IncidentState>(row.State, out _))
                    .GroupBy(row => (Enum.Parse<IncidentState>(row.State), row.Category))
                    .Select(g => KeyValuePair.Create(g.Key, g.Sum(row => row.Count)))));
}

/// <summary>What an area list is filtered by; null means "any".</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Areas.IncidentFilter")]
public sealed record IncidentFilter(
    [property: Id(0)] IReadOnlyList<IncidentState>? States,
    [property: Id(1)] string? Category)
{
    public static IncidentFilter Any { get; } = new(null, null);

    public bool Matches(IncidentSummary summary) =>
        (States is null || States.Count == 0 || States.Contains(summary.State))
        && (Category is null || summary.Category == Category);
}
