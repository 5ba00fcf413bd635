using System.Diagnostics;
using System.Runtime.InteropServices;
using RuleOfLaw.Bench.Baselines;
using RuleOfLaw.Bench.District;
using RuleOfLaw.Bench.Load;
using RuleOfLaw.Bench.Node;
using RuleOfLaw.Bench.Options;
using RuleOfLaw.Bench.Results;

namespace RuleOfLaw.Bench.Scenario;

/// <summary>
/// One run from start to end: build, baselines (while no node runs), start the nodes (and, in
/// production mode, their PostgreSQL and Redis), the scenario(s), stop everything started, write
/// and print the results. The whole run has a hard deadline after which everything is cancelled
/// and everything started killed, whatever state it is in.
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

        using var cancellation = new CancellationTokenSource(budget);
        using var watchdog = new CancellationTokenSource();
        BenchCluster? cluster = null;
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        Action<PosixSignalContext> onSignal = signal =>
        {
            signal.Cancel = true;
            cancellation.Cancel();
        };
        Console.CancelKeyPress += onCancel;

        // .NET ends on SIGTERM (kill, timeout, CI) and SIGHUP without raising ProcessExit: without
        // these, a PostgreSQL server (in a session of its own) and the nodes would outlive the run.
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, onSignal);
        using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, onSignal);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster?.KillNow();
        _ = HardStop(budget + TimeSpan.FromSeconds(30), () => cluster, watchdog.Token);

        try
        {
            var token = cancellation.Token;

            // Before anything is built or measured: a machine without PostgreSQL or Redis fails now.
            cluster = options.Urls.Count == 0 ? await BenchCluster.Prepare(root, options, token) : null;
            var map = DistrictMap.Build(options.Seed);
            Console.WriteLine($"  district: {map.Grids.Count} grids, {map.Communities.Count} communities, {map.Streets.Count} streets, {map.Subcategories.Count} subcategories ({map.BuiltIn.TotalSeconds:0.#} s)");

            if (cluster is not null && !options.NoBuild)
            {
                Console.WriteLine("  building the node (Release)…");
                await cluster.Build(token);
            }

            var baselines = await RunBaselines(options, token);
            var grain = baselines[0].Result;
            var broadcast = baselines[1].Result;

            IReadOnlyList<Uri> urls;
            Topology topology;
            if (cluster is not null)
            {
                Console.WriteLine(cluster.Store == StoreKind.Sqlite
                    ? "  starting the node (embedded, durable, fresh data folder)…"
                    : $"  starting a private PostgreSQL and Redis, then {options.Nodes} node(s) together (production mode)…");
                var watch = Stopwatch.StartNew();
                urls = await cluster.Start(token);
                topology = cluster.Describe();
                foreach (var server in topology.Servers)
                {
                    Console.WriteLine($"  server: {server}");
                }

                foreach (var node in topology.Endpoints)
                {
                    Console.WriteLine($"  {node.Name} pid {node.ProcessId} at {node.Url}{(node.DataDirectory is null ? string.Empty : $"; data {node.DataDirectory}")}");
                }

                Console.WriteLine($"  {topology.Title}: ready after {watch.Elapsed.TotalSeconds:0.#} s");
            }
            else
            {
                urls = options.Urls;
                topology = Topology.Running(urls);
                notes.Add($"Aimed at already running nodes: {string.Join(", ", urls)}; nothing was built, started or stopped.");
            }

            using var http = new BenchHttp(urls, options.Connections, options.MaxRequests, options.MaxInFlight);
            var context = new RunContext(options, map, http, urls.Select(url => new Uri(url, "hubs/live")).ToList());
            await using var rig = new LoadRig(context, cluster?.Services ?? []);
            var figures = new List<Figure>();
            SurgeReport? surge = null;
            CapacityReport? capacity = null;

            if (options.Command is BenchCommand.Surge or BenchCommand.All)
            {
                surge = await SurgeScenario.Run(rig, options, token);
                figures.AddRange(FigureBuilder.Surge(surge, grain, broadcast, options.ReportRate, options.PositionRate, topology.Nodes));
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

            if (topology.Nodes > 1)
            {
                notes.Add($"Load spread over {topology.Nodes} nodes as a load balancer would: each simulated worker, operator, dashboard and device stays on node (its number mod {topology.Nodes}), one HTTP pool per node ({options.Connections} connections in all); deltas to dashboards on other nodes than the one that took the report cross the nodes' relay. Node figures are sums over the nodes.");
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
                topology,
                baselines,
                figures,
                surge,
                capacity,
                notes);

            var outFolder = Path.IsPathRooted(options.Out) ? options.Out : Path.Combine(root, options.Out);
            var (json, markdown) = ResultWriter.Write(run, outFolder);
            Console.WriteLine();
            Console.WriteLine($"{scenario} — {topology.Title}");
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
            await Console.Error.WriteLineAsync($"bench: cancelled (hard deadline of {budget.TotalMinutes:0.#} min, Ctrl+C or SIGTERM); everything the run started is stopped.");
            return 3;
        }
        catch (InvalidOperationException exception)
        {
            await Console.Error.WriteLineAsync($"bench: {exception.Message}");
            return 1;
        }
        finally
        {
            // After the loads let go of their connections; still under the hard deadline's watch.
            if (cluster is not null)
            {
                await cluster.DisposeAsync();
            }

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
        var build = options.Urls.Count == 0 && !options.NoBuild ? TimeSpan.FromMinutes(5) : TimeSpan.Zero;

        // Starting: PostgreSQL's initdb and start, then the nodes, which start together.
        var start = options.Urls.Count > 0 ? TimeSpan.Zero
            : options.Store == StoreKind.Postgres ? TimeSpan.FromSeconds(240) : TimeSpan.FromSeconds(120);
        var baselines = (4 * options.BaselineDuration) + TimeSpan.FromSeconds(180);
        var step = TimeSpan.FromSeconds(45);

        // After the window: the memory probe (a minute each to prime and to come to rest, two for its reports) and the read-back.
        var surge = options.Command is BenchCommand.Surge or BenchCommand.All
            ? connect + options.Warmup + options.Duration + step + TimeSpan.FromSeconds(270) + options.ReadBackTimeout
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

    /// <summary>Past the deadline and a grace period, the process ends whatever is still running, and everything the run started with it.</summary>
    private static async Task HardStop(TimeSpan after, Func<BenchCluster?> cluster, CancellationToken finished)
    {
        try
        {
            await Task.Delay(after, finished);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await Console.Error.WriteLineAsync("bench: hard deadline passed and the run did not stop; killing what it started and exiting.");
        cluster()?.KillNow();
        Environment.Exit(4);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
