namespace RuleOfLaw.Bench.Results;

/// <summary>
/// One line of the result table. <see cref="Value"/> is the number compared between runs (null
/// when not measured or withheld); <see cref="Display"/> is what a person reads.
/// </summary>
public sealed record Figure(
    string Name,
    double? Value,
    string Unit,
    string Display,
    string Target,
    string Baseline,
    double? Ratio,
    string? Note = null)
{
    /// <summary>"Lower is better" figures (latencies, errors, memory) compare the other way round.</summary>
    public bool LowerIsBetter { get; init; }
}
