using System.Diagnostics;

namespace RuleOfLaw.Bench.Load;

/// <summary>
/// Open-loop scheduling: send <c>i</c> is due at <c>start + i / rate</c> whatever happened to the
/// sends before it, and its latency is measured from that intended time. A slow server therefore
/// shows its queueing in the latency instead of quietly slowing the generator down (coordinated
/// omission).
/// </summary>
public static class OpenLoop
{
    /// <summary>How often the scheduler wakes; on Linux a timer rarely fires sooner than ~1 ms anyway.</summary>
    private static readonly TimeSpan _tick = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// Calls <paramref name="send"/> (without awaiting it) for every send due between
    /// <paramref name="start"/> and <paramref name="end"/> at <paramref name="rate"/> per second.
    /// Returns the number of sends issued. Bounded: at most <c>rate × (end − start)</c> sends.
    /// </summary>
    public static async Task<long> Run(double rate, long start, long end, Action<long, long> send, CancellationToken cancellation)
    {
        if (rate <= 0 || end <= start)
        {
            return 0;
        }

        var ticksPerSend = Stopwatch.Frequency / rate;
        var total = (long)Math.Floor((end - start) / ticksPerSend);
        long next = 0;
        await Measurements.MeasurementWindow.WaitUntil(start, cancellation);
        while (next < total && !cancellation.IsCancellationRequested)
        {
            var now = Stopwatch.GetTimestamp();
            var due = Math.Min(total, (long)Math.Floor((now - start) / ticksPerSend) + 1);
            for (; next < due; next++)
            {
                send(next, start + (long)(next * ticksPerSend));
            }

            if (next < total)
            {
                await Task.Delay(_tick, cancellation).ConfigureAwait(false);
            }
        }

        return next;
    }
}

/// <summary>Counts work started and not yet finished, so a phase can wait (bounded) for its stragglers.</summary>
public sealed class Outstanding
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Enter() => Interlocked.Increment(ref _count);

    public void Exit() => Interlocked.Decrement(ref _count);

    /// <summary>True when everything finished before <paramref name="timeout"/>.</summary>
    public async Task<bool> Drain(TimeSpan timeout, CancellationToken cancellation)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Count > 0 && Stopwatch.GetTimestamp() < deadline && !cancellation.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None).ConfigureAwait(false);
        }

        return Count == 0;
    }
}
