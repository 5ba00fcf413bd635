using System.Diagnostics;

namespace RuleOfLaw.Bench.Node;

/// <summary>
/// Runs one of PostgreSQL's or Redis's command-line tools to its end, bounded in time. PostgreSQL
/// refuses to run as root, so when the harness is root its tools run as the <c>postgres</c> user
/// (<c>runuser -u postgres --</c>).
/// </summary>
public static class ExternalCommand
{
    private static readonly TimeSpan _timeout = TimeSpan.FromSeconds(90);

    public static bool IsRoot => Environment.UserName == "root";

    /// <returns>What the tool wrote to its standard output.</returns>
    /// <exception cref="InvalidOperationException">The tool failed, could not start or did not finish in time; the message holds what it said.</exception>
    public static async Task<string> Run(string program, IReadOnlyList<string> arguments, bool asPostgres, string? workingDirectory, CancellationToken cancellation)
    {
        var elevated = asPostgres && IsRoot;
        var start = new ProcessStartInfo(elevated ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // The postgres user may not be allowed into the harness's working folder.
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        string[] prefix = elevated ? ["-u", "postgres", "--", program] : [];
        foreach (var argument in prefix.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        var line = $"{program} {string.Join(' ', arguments)}";
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{line} did not start.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException($"{line} could not start: {exception.Message}");
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            try
            {
                await process.WaitForExitAsync(cancellation).WaitAsync(_timeout, cancellation);
            }
            catch (TimeoutException)
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"{line} did not finish within {_timeout.TotalSeconds:0} s.");
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            return process.ExitCode == 0
                ? await stdout
                : throw new InvalidOperationException($"{line} exited with {process.ExitCode}: {await stdout}{await stderr}");
        }
    }
}
