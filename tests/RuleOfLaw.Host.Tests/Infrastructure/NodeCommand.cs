using System.Diagnostics;
using RuleOfLaw.Tests.Shared;

namespace RuleOfLaw.Host.Tests.Infrastructure;

/// <summary>
/// Runs the node's binary with arguments and waits for it to exit: for start-ups that must refuse
/// (and say why in one line) and for one-shot commands such as <c>migrate</c>. What it printed also
/// goes to the run's log folder (<see cref="TestLogs"/>).
/// </summary>
public static class NodeCommand
{
    public static async Task<(int ExitCode, string Output)> Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(NodeProcess.DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(NodeProcess.SiloAssembly());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(NodeProcess.StartupTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"RuleOfLaw.Silo {string.Join(' ', arguments)} did not exit within {NodeProcess.StartupTimeout.TotalSeconds:0} s.");
        }

        var output = await stdout + await stderr;
        if (TestLogs.PathFor(nameof(NodeCommand)) is { } log)
        {
            await File.WriteAllTextAsync(log, output);
        }

        return (process.ExitCode, output);
    }
}
