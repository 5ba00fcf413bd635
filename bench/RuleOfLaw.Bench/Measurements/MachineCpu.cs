using System.Globalization;

namespace RuleOfLaw.Bench.Measurements;

/// <summary>
/// The whole machine's CPU over an interval (from /proc/stat), so that a run can show how much
/// went to processes other than the node and the harness: on a shared machine those steal from
/// both, and a figure measured under them is not the node's alone.
/// </summary>
public sealed class MachineCpu
{
    private (long Busy, long Total)? _start;

    public void Start() => _start = Read();

    /// <summary>Percent of all cores busy since <see cref="Start"/>; null where /proc/stat is not there.</summary>
    public double? PercentBusy()
    {
        var end = Read();
        if (_start is not { } start || end is not { } now || now.Total <= start.Total)
        {
            return null;
        }

        return 100.0 * (now.Busy - start.Busy) / (now.Total - start.Total);
    }

    private static (long Busy, long Total)? Read()
    {
        const string path = "/proc/stat";
        if (!File.Exists(path))
        {
            return null;
        }

        // "cpu  user nice system idle iowait irq softirq steal guest guest_nice" (guest time is already in user).
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        var fields = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(field => long.Parse(field, CultureInfo.InvariantCulture)).ToArray();
        if (fields is not { Length: 8 })
        {
            return null;
        }

        var total = fields.Sum();
        var idle = fields[3] + fields[4];
        return (total - idle, total);
    }
}
