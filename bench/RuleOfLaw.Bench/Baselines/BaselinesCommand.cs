using System.Globalization;

namespace RuleOfLaw.Bench.Baselines;

/// <summary>
/// The <c>baselines</c> subcommand: runs the raw-capacity baselines alone and prints one line
/// each. Options: <c>--duration SECONDS</c> (5), <c>--concurrency N[,N…]</c> (1,64),
/// <c>--clients N</c> (1000), <c>--only grain|signalr</c>.
/// </summary>
public static class BaselinesCommand
{
    private const string Usage = "usage: baselines [--duration SECONDS] [--concurrency N[,N...]] [--clients N] [--only grain|signalr]";

    public static async Task<int> RunStandalone(string[] args)
    {
        if (!TryParse(args, out var options, out var error))
        {
            await Console.Error.WriteLineAsync(error);
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // Let the baselines stop their hosts and connections rather than die mid-run.
            e.Cancel = true;
            cancellation.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            if (options.Only is null or "grain")
            {
                foreach (var concurrency in options.Concurrency)
                {
                    Console.WriteLine((await GrainCallBaseline.Run(options.Duration, concurrency, cancellation.Token)).Format());
                }
            }

            if (options.Only is null or "signalr")
            {
                Console.WriteLine((await SignalRBroadcastBaseline.Run(options.Clients, options.Duration, cancellation.Token)).Format());
            }

            return 0;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("baselines: cancelled");
            return 130;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private sealed record Options(TimeSpan Duration, IReadOnlyList<int> Concurrency, int Clients, string? Only);

    private static bool TryParse(string[] args, out Options options, out string error)
    {
        options = new Options(TimeSpan.FromSeconds(5), [1, 64], 1_000, null);
        error = string.Empty;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--duration" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0:
                    options = options with { Duration = TimeSpan.FromSeconds(seconds) };
                    break;
                case "--concurrency" when TryParseCounts(value, out var counts):
                    options = options with { Concurrency = counts };
                    break;
                case "--clients" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var clients) && clients > 0:
                    options = options with { Clients = clients };
                    break;
                case "--only" when value is "grain" or "signalr":
                    options = options with { Only = value };
                    break;
                default:
                    error = $"baselines: bad option '{args[i]}'{(value is null ? string.Empty : $" '{value}'")}";
                    return false;
            }

            i++;
        }

        return true;
    }

    private static bool TryParseCounts(string? text, out IReadOnlyList<int> counts)
    {
        var parsed = (text ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0 ? count : 0)
            .ToList();
        counts = parsed;
        return parsed.Count > 0 && parsed.All(count => count > 0);
    }
}
