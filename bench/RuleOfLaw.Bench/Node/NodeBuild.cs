using System.Diagnostics;

namespace RuleOfLaw.Bench.Node;

/// <summary>
/// <c>dotnet build</c> of the node in Release. The node's project, not the whole solution: the
/// solution holds this harness, which is running, and test projects the node does not need.
/// </summary>
public static class NodeBuild
{
    public static string SiloAssembly(string root) => Path.Combine(root, "src", "Silo", "bin", "Release", "net10.0", "RuleOfLaw.Silo.dll");

    public static async Task Run(string root, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "build", Path.Combine("src", "Silo", "RuleOfLaw.Silo.csproj"), "-c", "Release", "-nologo", "-v", "quiet" })
        {
            start.ArgumentList.Add(argument);
        }

        using var build = Process.Start(start) ?? throw new InvalidOperationException("dotnet build did not start.");
        var stdout = build.StandardOutput.ReadToEndAsync(cancellation);
        var stderr = build.StandardError.ReadToEndAsync(cancellation);
        try
        {
            await build.WaitForExitAsync(cancellation);
        }
        catch (OperationCanceledException)
        {
            build.Kill(entireProcessTree: true);
            throw;
        }

        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"Building the node failed (exit {build.ExitCode}):\n{await stdout}\n{await stderr}");
        }
    }
}
