using System.Diagnostics;

namespace RuleOfLaw.Bench.Measurements;

/// <summary>
/// This process's CPU over an interval, as a share of the whole machine: the harness runs on the
/// same cores as the node, so what it burns is what the node could not have.
/// </summary>
public sealed class CpuMeter
{
    private TimeSpan _cpuAtStart;
    private long _wallAtStart;

    public void Start()
    {
        _cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        _wallAtStart = Stopwatch.GetTimestamp();
    }

    /// <summary>Percent of all cores (100 % = every core busy) since <see cref="Start"/>.</summary>
    public double PercentOfMachine()
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpuAtStart;
        var wall = Stopwatch.GetElapsedTime(_wallAtStart);
        return wall > TimeSpan.Zero ? 100.0 * cpu.TotalMilliseconds / (wall.TotalMilliseconds * Environment.ProcessorCount) : double.NaN;
    }
}
