using System.Diagnostics;
using HdrHistogram;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace RuleOfLaw.Bench.Baselines;

/// <summary>
/// Raw in-process grain calls per second: a silo in this process, <see cref="IEchoGrain.Ping"/>
/// called through the silo's own <see cref="IGrainFactory"/> (as co-hosted web endpoints call
/// grains) from a number of concurrent loops, each on its own grain so that callers never queue
/// behind one activation's turn-based execution.
/// </summary>
/// <remarks>
/// With many loops on two cores the thread pool serves some loops long before others (a loop
/// whose continuation waits in the global queue behind the others' local work can go the whole
/// window without a call). Extra's <c>slowestCallerShare</c>, <c>meanUs</c> and <c>maxUs</c> show
/// it: the throughput is the figure to compare; the percentiles are those of the calls made.
/// </remarks>
public static class GrainCallBaseline
{
    private const int StartAttempts = 3;
    private const long HighestNanoseconds = 10_000_000_000;

    private static readonly TimeSpan _longestWarmUp = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan _stopTimeout = TimeSpan.FromSeconds(15);

    public static async Task<BaselineResult> Run(TimeSpan duration, int concurrency, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);

        using var host = await StartSilo(cancellationToken);
        try
        {
            var grainFactory = host.Services.GetRequiredService<IGrainFactory>();
            var grains = Enumerable.Range(0, concurrency).Select(key => grainFactory.GetGrain<IEchoGrain>(key)).ToArray();

            // The warm-up activates every grain and lets the JIT tier up before anything is counted.
            var warmUp = TimeSpan.FromTicks(Math.Min(_longestWarmUp.Ticks, duration.Ticks / 5));
            await Measure(grains, warmUp, cancellationToken);
            var (calls, elapsed, cpuCores, slowestShare, latencies) = await Measure(grains, duration, cancellationToken);

            return new BaselineResult($"grain-calls/c{concurrency}", calls / elapsed.TotalSeconds, "calls/s", new Dictionary<string, double>
            {
                ["concurrency"] = concurrency,
                ["calls"] = calls,
                ["seconds"] = elapsed.TotalSeconds,
                ["cpuCores"] = cpuCores,
                ["slowestCallerShare"] = slowestShare,
                ["meanUs"] = latencies.TotalCount == 0 ? double.NaN : latencies.GetMean() / 1_000.0,
                ["p50Us"] = Microseconds(latencies, 50),
                ["p99Us"] = Microseconds(latencies, 99),
                ["p999Us"] = Microseconds(latencies, 99.9),
                ["maxUs"] = Microseconds(latencies, 100),
            });
        }
        finally
        {
            using var stopping = new CancellationTokenSource(_stopTimeout);
            await host.StopAsync(stopping.Token);
        }
    }

    /// <summary>
    /// A bare silo: no configuration files, no console logging (the harness prints), free
    /// loopback ports and a cluster id of its own, so it can neither join nor disturb another cluster.
    /// </summary>
    private static async Task<IHost> StartSilo(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            var clusterId = $"bench-baseline-{Guid.NewGuid():N}";
            var ports = FreePorts.Take(2);
            builder.UseOrleans(silo => silo.UseLocalhostClustering(ports[0], ports[1], serviceId: clusterId, clusterId: clusterId));
            var host = builder.Build();
            try
            {
                await host.StartAsync(cancellationToken);
                return host;
            }
            catch (Exception) when (attempt < StartAttempts && !cancellationToken.IsCancellationRequested)
            {
                // Another process may have taken a port between the probe and the bind: try new ones.
                host.Dispose();
            }
            catch
            {
                host.Dispose();
                throw;
            }
        }
    }

    private static async Task<Measurement> Measure(IEchoGrain[] grains, TimeSpan duration, CancellationToken cancellationToken)
    {
        var cpu = ProcessCpu.Start();
        var started = Stopwatch.GetTimestamp();
        var stopAt = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);

        // Started inline rather than queued: queued starts wait behind the running loops' continuations.
        var loops = grains.Select(grain => CallLoop(grain, stopAt, cancellationToken)).ToArray();
        var results = await Task.WhenAll(loops);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpuCores = cpu.CoresUsed();
        cancellationToken.ThrowIfCancellationRequested();

        var latencies = NewHistogram();
        foreach (var (_, histogram) in results)
        {
            latencies.Add(histogram);
        }

        var calls = results.Sum(result => result.Calls);
        var slowestShare = calls == 0 ? 0 : results.Min(result => result.Calls) / ((double)calls / results.Length);
        return new Measurement(calls, elapsed, cpuCores, slowestShare, latencies);
    }

    /// <param name="SlowestCallerShare">The slowest loop's calls over the mean per loop: 1 is fair, near 0 means callers starved.</param>
    private sealed record Measurement(long Calls, TimeSpan Elapsed, double CpuCores, double SlowestCallerShare, LongHistogram Latencies);

    /// <summary>Calls back to back until the deadline; one histogram per loop, so recording needs no lock.</summary>
    private static async Task<(long Calls, LongHistogram Latencies)> CallLoop(IEchoGrain grain, long stopAt, CancellationToken cancellationToken)
    {
        var latencies = NewHistogram();
        var calls = 0L;
        var now = Stopwatch.GetTimestamp();
        while (now < stopAt && !cancellationToken.IsCancellationRequested)
        {
            var value = (int)calls;
            if (await grain.Ping(value) != value)
            {
                throw new InvalidOperationException("The echo grain answered with another value.");
            }

            var answered = Stopwatch.GetTimestamp();
            latencies.RecordValue(Math.Clamp(ToNanoseconds(answered - now), 1, HighestNanoseconds));
            now = answered;
            calls++;
        }

        return (calls, latencies);
    }

    private static LongHistogram NewHistogram() => new(HighestNanoseconds, 3);

    /// <summary>A percentile of nanosecond samples in microseconds; NaN when no call completed.</summary>
    private static double Microseconds(LongHistogram latencies, double percentile) =>
        latencies.TotalCount == 0 ? double.NaN : latencies.GetValueAtPercentile(percentile) / 1_000.0;

    private static long ToNanoseconds(long stopwatchTicks) => (long)(stopwatchTicks * (1e9 / Stopwatch.Frequency));
}
