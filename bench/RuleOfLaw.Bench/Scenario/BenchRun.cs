using System.Diagnostics;
using RuleOfLaw.Bench.Baselines;
using RuleOfLaw.Bench.District;
using RuleOfLaw.Bench.Load;
using RuleOfLaw.Bench.Node;
using RuleOfLaw.Bench.Options;
using RuleOfLaw.Bench.Results;

namespace RuleOfLaw.Bench.Scenario;

/// <summary>
/// One run from start to end: build, baselines (while no node runs), start the node, the
/// scenario(s), stop the node, write and print the results. The whole run has a hard deadline
/// after which everything is cancelled and the node killed, whatever state it is in.
/// </summary>
public static class BenchRun
{
    public static async Task<int> Execute(BenchOptions options)
    {
        var root = RepositoryRoot.Find();
        var startedAt = DateTimeOffset.UtcNow;
        var scenario = options.Command.ToString().ToLowerInvariant();
        var budget = options.Deadline ?? Budget(options);
        var notes = new List<string>();
        Console.WriteLine($"RuleOfLaw bench {scenario}: hard deadline {budget.TotalMinutes:0.#} min; load average before: {LoadAverage()}");

        await using var node = options.Url is null ? new NodeLauncher(root, options.KeepData, options.PerfMap) : null;
        using var cancellation = new CancellationTokenSource(budget);
        using var watchdog = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => node?.KillNow();
        _ = HardStop(budget + TimeSpan.FromSeconds(30), node, watchdog.Token);

        try
        {
            var token = cancellation.Token;
            var map = DistrictMap.Build(options.Seed);
            Console.WriteLine($"  district: {map.Grids.Count} grids, {map.Communities.Count} communities, {map.Streets.Count} streets, {map.Subcategories.Count} subcategories ({map.BuiltIn.TotalSeconds:0.#} s)");

            if (node is not null && !options.NoBuild)
            {
                Console.WriteLine("  building the node (Release)…");
                await node.Build(token);
            }

            var baselines = await RunBaselines(options, token);
            var grain = baselines[0].Result;
            var broadcast = baselines[1].Result;

            Uri url;
            if (node is not null)
            {
                Console.WriteLine("  starting the node (embedded, durable, fresh data folder)…");
                var watch = Stopwatch.StartNew();
                url = await node.Start(token);
                Console.WriteLine($"  node pid {node.ProcessId} at {url} healthy after {watch.Elapsed.TotalSeconds:0.#} s; data {node.DataDirectory}");
            }
            else
            {
                url = options.Url!;
                notes.Add($"Aimed at an already running node: {url}; nothing was built, started or stopped.");
            }

            using var http = new BenchHttp(url, options.Connections, options.MaxRequests, options.MaxInFlight);
            var context = new RunContext(options, map, http, new Uri(url, "hubs/live"));
            await using var rig = new LoadRig(context);
            var figures = new List<Figure>();
            SurgeReport? surge = null;
            CapacityReport? capacity = null;

            if (options.Command is BenchCommand.Surge or BenchCommand.All)
            {
                surge = await SurgeScenario.Run(rig, options, token);
                figures.AddRange(FigureBuilder.Surge(surge, grain, broadcast, options.ReportRate, options.PositionRate));
            }

            if (options.Command is BenchCommand.Capacity or BenchCommand.All)
            {
                capacity = await CapacitySearch.Run(rig, options, token);
                figures.AddRange(FigureBuilder.Capacity(capacity, grain, broadcast, options));
            }

            if (!rig.Diagnostics.Available || rig.Diagnostics.Problem is not null)
            {
                notes.Add($"Node diagnostics: {rig.Diagnostics.Problem ?? "unavailable"}; node CPU, memory and bytes per incident are n/a.");
            }

            notes.Add("Position updates go out with SendAsync, which has no acknowledgement: the node's own count of accepted updates is reported when its diagnostics give one, else what was written to the sockets.");
            notes.Add($"Load average after the run: {LoadAverage()} (other processes on the machine compete with the node and the harness).");
            notes.Add($"HTTP requests sent by the harness: {http.Requests:N0} (cap {options.MaxRequests:N0}).");

            var run = new RunResult(
                scenario,
                startedAt,
                DateTimeOffset.UtcNow,
                CommitInfo.Current(root),
                MachineInfo.Current(),
                options,
                new NodeInfo(url.ToString(), node is not null, node?.DataDirectory, node?.ClusterId, node?.ProcessId),
                baselines,
                figures,
                surge,
                capacity,
                notes);

            var outFolder = Path.IsPathRooted(options.Out) ? options.Out : Path.Combine(root, options.Out);
            var (json, markdown) = ResultWriter.Write(run, outFolder);
            Console.WriteLine();
            ResultWriter.Print(figures, Console.Out);
            Console.WriteLine();
            foreach (var note in notes)
            {
                Console.WriteLine($"  note: {note}");
            }

            Console.WriteLine($"Results: {json}");
            Console.WriteLine($"         {markdown}");
            return 0;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"bench: cancelled (hard deadline of {budget.TotalMinutes:0.#} min or Ctrl+C); the node is stopped.");
            return 3;
        }
        catch (InvalidOperationException exception)
        {
            await Console.Error.WriteLineAsync($"bench: {exception.Message}");
            return 1;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            await watchdog.CancelAsync();
        }
    }

    /// <summary>
    /// Baselines first, while no node of this run is up, so that they measure the machine and not
    /// the machine minus the node. Each may fail on its own; a figure then goes without its ratio.
    /// </summary>
    private static async Task<IReadOnlyList<BaselineOutcome>> RunBaselines(BenchOptions options, CancellationToken cancellation)
    {
        Console.WriteLine($"  baseline: in-process grain calls, {options.BaselineConcurrency} callers, {options.BaselineDuration.TotalSeconds:0.#} s…");
        var grain = await Baseline($"grain-calls/c{options.BaselineConcurrency}", () => GrainCallBaseline.Run(options.BaselineDuration, options.BaselineConcurrency, cancellation), cancellation);
        var clients = Math.Max(1, options.Dashboards);
        Console.WriteLine($"  baseline: SignalR broadcast to {clients} WebSocket clients, {options.BaselineDuration.TotalSeconds:0.#} s…");
        var broadcast = await Baseline($"signalr-broadcast/{clients}", () => SignalRBroadcastBaseline.Run(clients, options.BaselineDuration, cancellation), cancellation);
        foreach (var outcome in new[] { grain, broadcast })
        {
            Console.WriteLine(outcome.Result is { } result ? $"    {result.Format()}" : $"    {outcome.Name}: failed: {outcome.Error}");
        }

        return [grain, broadcast];
    }

    private static async Task<BaselineOutcome> Baseline(string name, Func<Task<BaselineResult>> run, CancellationToken cancellation)
    {
        try
        {
            return new BaselineOutcome(name, await run(), null);
        }
        catch (Exception exception) when (!cancellation.IsCancellationRequested)
        {
            return new BaselineOutcome(name, null, $"{exception.GetType().Name}: {exception.Message}");
        }
    }

    /// <summary>Time the whole run may take: every phase's window plus generous margins, and no more.</summary>
    private static TimeSpan Budget(BenchOptions options)
    {
        var connect = TimeSpan.FromSeconds(30 + (5.0 * (options.Dashboards + options.PositionConnections) / options.DashboardBatch));
        var build = options.Url is null && !options.NoBuild ? TimeSpan.FromMinutes(5) : TimeSpan.Zero;
        var start = options.Url is null ? TimeSpan.FromSeconds(120) : TimeSpan.Zero;
        var baselines = (4 * options.BaselineDuration) + TimeSpan.FromSeconds(180);
        var step = TimeSpan.FromSeconds(45);
        var surge = options.Command is BenchCommand.Surge or BenchCommand.All
            ? connect + options.Warmup + options.Duration + step + TimeSpan.FromSeconds(150) + options.ReadBackTimeout
            : TimeSpan.Zero;
        var capacity = TimeSpan.Zero;
        if (options.Command is BenchCommand.Capacity or BenchCommand.All)
        {
            var steps = options.Rates.Count + options.DashboardSteps.Count;
            var dashboards = options.DashboardSteps.Count == 0 ? 0 : options.DashboardSteps.Max();
            capacity = connect + (steps * (options.Warmup + options.StepDuration + step))
                + TimeSpan.FromSeconds(30 + (5.0 * dashboards / options.DashboardBatch));
        }

        return build + start + baselines + surge + capacity + TimeSpan.FromMinutes(2);
    }

    /// <summary>Past the deadline and a grace period, the process ends whatever is still running, and the node with it.</summary>
    private static async Task HardStop(TimeSpan after, NodeLauncher? node, CancellationToken finished)
    {
        try
        {
            await Task.Delay(after, finished);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await Console.Error.WriteLineAsync("bench: hard deadline passed and the run did not stop; killing the node and exiting.");
        node?.KillNow();
        Environment.Exit(4);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
