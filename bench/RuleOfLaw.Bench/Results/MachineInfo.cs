using System.Diagnostics;
using System.Runtime.InteropServices;

namespace RuleOfLaw.Bench.Results;

/// <summary>The machine a run measured: two runs compare only when these match (or the difference is the point).</summary>
public sealed record MachineInfo(int Cores, long MemoryBytes, string CpuModel, string Os, string Runtime, string Host)
{
    public static MachineInfo Current() => new(
        Environment.ProcessorCount,
        MemTotal(),
        ReadCpuModel(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        Environment.MachineName);

    private static long MemTotal()
    {
        // "MemTotal:       24579412 kB"
        var line = ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        var parts = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts is { Length: >= 2 } && long.TryParse(parts[1], out var kilobytes) ? kilobytes * 1024 : GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }

    private static string ReadCpuModel()
    {
        var line = ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line?.Split(':', 2) is [_, var model] ? model.Trim() : RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static IEnumerable<string> ReadLines(string path) => File.Exists(path) ? File.ReadLines(path) : [];
}

/// <summary>The commit a run measured, and whether the working tree differed from it.</summary>
public sealed record CommitInfo(string Commit, bool Dirty)
{
    public override string ToString() => Dirty ? $"{Commit} (dirty)" : Commit;

    /// <summary>
    /// Read-only git: <c>rev-parse</c>, and <c>status</c> with <c>--no-optional-locks</c> so that
    /// not even the index's stat cache is rewritten while others work in the same checkout.
    /// </summary>
    public static CommitInfo Current(string root)
    {
        var commit = Git(root, "rev-parse", "HEAD")?.Trim();
        var status = Git(root, "--no-optional-locks", "status", "--porcelain", "--untracked-files=no");
        return new CommitInfo(string.IsNullOrEmpty(commit) ? "unknown" : commit, status is null || status.Trim().Length > 0);
    }

    private static string? Git(string root, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo("git") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var git = Process.Start(start);
            if (git is null)
            {
                return null;
            }

            var output = git.StandardOutput.ReadToEnd();
            git.WaitForExit(10_000);
            return git.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
