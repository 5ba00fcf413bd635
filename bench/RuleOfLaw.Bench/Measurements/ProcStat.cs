using System.Globalization;

namespace RuleOfLaw.Bench.Measurements;

/// <summary>
/// CPU time of processes that are not the harness's own .NET children, read from
/// <c>/proc/PID/stat</c>: PostgreSQL's server processes, which the postmaster forks, and Redis.
/// </summary>
public static class ProcStat
{
    /// <summary>USER_HZ, the unit of the times in /proc/PID/stat: 100 on every Linux architecture .NET runs on.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>One process's user + system time; null when it is gone (or there is no /proc).</summary>
    public static TimeSpan? CpuTime(int pid) => Read(pid) is { } stat ? Ticks(stat.Own) : null;

    /// <summary>
    /// A parent and its children: the parent's own time, the time of the children it has already
    /// reaped (PostgreSQL's postmaster reaps every backend that ends), and the time of those still
    /// running. Null when the parent is gone.
    /// </summary>
    public static TimeSpan? TreeCpuTime(int parent)
    {
        if (Read(parent) is not { } root)
        {
            return null;
        }

        var ticks = root.Own + root.Reaped;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && pid != parent
                && Read(pid) is { } child
                && child.Parent == parent)
            {
                ticks += child.Own;
            }
        }

        return Ticks(ticks);
    }

    private static TimeSpan Ticks(long ticks) => TimeSpan.FromSeconds(ticks / TicksPerSecond);

    private readonly record struct Stat(int Parent, long Own, long Reaped);

    private static Stat? Read(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Gone between listing and reading, or not Linux.
            return null;
        }

        // "pid (comm) state ppid … utime stime cutime cstime …": comm may hold spaces and
        // parentheses, so the fields are counted from the last ')'. After it, field 0 is the state.
        var fields = text[(text.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 15)
        {
            return null;
        }

        long Field(int index) => long.Parse(fields[index], CultureInfo.InvariantCulture);
        return new Stat((int)Field(1), Field(11) + Field(12), Field(13) + Field(14));
    }
}
