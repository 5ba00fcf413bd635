using System.Diagnostics;

namespace RuleOfLaw.Bench.Measurements;

/// <summary>A server the harness started for the run besides the nodes (PostgreSQL, Redis), and how to read its CPU time.</summary>
public sealed record ServiceProcess(string Name, Func<TimeSpan?> CpuTime);

/// <summary>
/// The CPU the run's servers used over an interval, each as a share of the machine: on a small
/// machine they compete with the nodes and the harness for the same cores.
/// </summary>
public sealed class ServiceCpu(IReadOnlyList<ServiceProcess> services)
{
    private readonly Dictionary<string, TimeSpan> _atStart = new(StringComparer.Ordinal);
    private long _wallAtStart;

    public void Start()
    {
        _wallAtStart = Stopwatch.GetTimestamp();
        foreach (var service in services)
        {
            if (service.CpuTime() is { } cpu)
            {
                _atStart[service.Name] = cpu;
            }
        }
    }

    /// <summary>Percent of all cores (100 % = every core busy) per server since <see cref="Start"/>; a server gone meanwhile is left out.</summary>
    public IReadOnlyDictionary<string, double> PercentOfMachine()
    {
        var wall = Stopwatch.GetElapsedTime(_wallAtStart).TotalMilliseconds * Environment.ProcessorCount;
        var shares = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var service in services)
        {
            if (wall > 0 && _atStart.TryGetValue(service.Name, out var start) && service.CpuTime() is { } end)
            {
                shares[service.Name] = 100.0 * (end - start).TotalMilliseconds / wall;
            }
        }

        return shares;
    }
}
