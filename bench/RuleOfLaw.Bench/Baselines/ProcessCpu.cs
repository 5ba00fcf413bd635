using System.Diagnostics;

namespace RuleOfLaw.Bench.Baselines;

/// <summary>
/// This process's CPU use over a window, in cores. A baseline that used clearly less than the
/// machine's cores was held back by something else (another process, a lock), and says so.
/// </summary>
internal readonly struct ProcessCpu
{
    private readonly TimeSpan _cpuAtStart;
    private readonly long _startedAt;

    private ProcessCpu(TimeSpan cpuAtStart, long startedAt) => (_cpuAtStart, _startedAt) = (cpuAtStart, startedAt);

    public static ProcessCpu Start() => new(ProcessorTime(), Stopwatch.GetTimestamp());

    public double CoresUsed() => (ProcessorTime() - _cpuAtStart) / Stopwatch.GetElapsedTime(_startedAt);

    private static TimeSpan ProcessorTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
