using System.Globalization;

namespace RuleOfLaw.Bench.Baselines;

/// <summary>
/// One raw-capacity figure measured on this machine in this run, to read the system's own
/// figures against: what the platform beneath it can do at most.
/// </summary>
/// <param name="Name">What was measured, e.g. <c>grain-calls/c64</c>.</param>
/// <param name="PerSecond">The throughput over the measurement window.</param>
/// <param name="Unit">What <paramref name="PerSecond"/> counts, e.g. <c>calls/s</c>.</param>
/// <param name="Extra">Latency percentiles and the run's parameters, keyed by a name that carries its unit.</param>
public sealed record BaselineResult(string Name, double PerSecond, string Unit, IReadOnlyDictionary<string, double> Extra)
{
    /// <summary>One line: name, throughput, then every extra figure.</summary>
    public string Format() =>
        string.Create(CultureInfo.InvariantCulture, $"{Name}: {PerSecond:N0} {Unit}")
        + string.Concat(Extra.Select(pair => string.Create(CultureInfo.InvariantCulture, $"  {pair.Key}={pair.Value:0.###}")));
}
