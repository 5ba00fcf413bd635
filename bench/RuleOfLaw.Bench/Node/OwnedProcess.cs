using System.Diagnostics;

namespace RuleOfLaw.Bench.Node;

/// <summary>How the harness ends a process it started: by that process object only, never by name.</summary>
public static class OwnedProcess
{
    /// <summary>
    /// Kills <paramref name="process"/> if it still runs and waits up to <paramref name="wait"/>
    /// for it to go; a process already gone, or one that will not go, is left to the exit that follows.
    /// </summary>
    public static void End(Process? process, bool entireTree, TimeSpan wait)
    {
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireTree);
                process.WaitForExit(wait);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
