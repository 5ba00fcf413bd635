using System.Reflection;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace RuleOfLaw.MicroBench;

/// <summary>
/// Micro-benchmarks of the hot pure paths. Pass BenchmarkDotNet's own arguments, e.g.
/// <c>--filter '*' --job short</c> for a run of a few minutes on a 2-core machine.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var config = DefaultConfig.Instance.WithArtifactsPath(ArtifactsPath());
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        var failed = summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success));
        return failed ? 1 : 0;
    }

    /// <summary>The project folder's artifacts directory, recorded at build time so the working directory does not matter.</summary>
    private static string ArtifactsPath() =>
        typeof(Program).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == "BenchmarkArtifactsPath")?.Value
        ?? Path.Combine(Environment.CurrentDirectory, "BenchmarkDotNet.Artifacts");
}
