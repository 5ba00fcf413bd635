using HdrHistogram;

namespace RuleOfLaw.Bench.Measurements;

/// <summary>
/// Latencies in microseconds from 1 µs to 1 h with three significant digits. Recording takes a
/// lock: HdrHistogram's plain histogram is not thread-safe, and at tens of thousands of samples
/// a second an uncontended lock costs far less than the samples' own work.
/// </summary>
public sealed class LatencyHistogram
{
    private const long HighestMicroseconds = 3_600_000_000;

    private readonly LongHistogram _histogram = new(HighestMicroseconds, 3);
    private readonly Lock _gate = new();

    public void Record(TimeSpan latency)
    {
        var micros = Math.Clamp((long)(latency.Ticks / (double)TimeSpan.TicksPerMicrosecond), 1, HighestMicroseconds);
        lock (_gate)
        {
            _histogram.RecordValue(micros);
        }
    }

    public LatencySummary Summarize()
    {
        lock (_gate)
        {
            var count = _histogram.TotalCount;
            if (count == 0)
            {
                return LatencySummary.Empty;
            }

            static double Ms(long micros) => micros / 1_000.0;
            return new LatencySummary(
                count,
                Ms(_histogram.GetValueAtPercentile(50)),
                Ms(_histogram.GetValueAtPercentile(99)),
                Ms(_histogram.GetValueAtPercentile(99.9)),
                Ms(_histogram.GetMaxValue()));
        }
    }
}

/// <summary>Percentiles of one histogram, in milliseconds.</summary>
public sealed record LatencySummary(long Count, double P50Ms, double P99Ms, double P999Ms, double MaxMs)
{
    public static LatencySummary Empty { get; } = new(0, double.NaN, double.NaN, double.NaN, double.NaN);
}
