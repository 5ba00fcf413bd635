using System.Diagnostics;

namespace RuleOfLaw.Bench.Measurements;

/// <summary>
/// The measured window on the monotonic clock (<see cref="Stopwatch"/> timestamps): warm-up
/// load runs before it and draining after it, and only what falls inside is counted.
/// </summary>
public sealed class MeasurementWindow(long start, long end)
{
    public long Start { get; } = start;

    public long End { get; } = end;

    public TimeSpan Length => Stopwatch.GetElapsedTime(Start, End);

    public static MeasurementWindow After(TimeSpan warmup, TimeSpan duration)
    {
        var start = Stopwatch.GetTimestamp() + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        return new MeasurementWindow(start, start + (long)(duration.TotalSeconds * Stopwatch.Frequency));
    }

    public bool Contains(long timestamp) => timestamp >= Start && timestamp < End;

    public bool IsOver => Stopwatch.GetTimestamp() >= End;

    /// <summary>Waits until the window has opened (the warm-up is over).</summary>
    public Task WaitForStart(CancellationToken cancellation) => WaitUntil(Start, cancellation);

    public Task WaitForEnd(CancellationToken cancellation) => WaitUntil(End, cancellation);

    public static Task WaitUntil(long timestamp, CancellationToken cancellation)
    {
        var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        return remaining > TimeSpan.Zero ? Task.Delay(remaining, cancellation) : Task.CompletedTask;
    }
}
