using System.Globalization;

namespace RuleOfLaw.Bench.Options;

/// <summary>Where the nodes the harness starts keep their data.</summary>
public enum StoreKind
{
    /// <summary>Embedded mode: one node, a SQLite file in a fresh data folder.</summary>
    Sqlite,

    /// <summary>Production mode: a private PostgreSQL server for storage and a private Redis for membership.</summary>
    Postgres,
}

/// <summary>What to run.</summary>
public enum BenchCommand
{
    Surge,
    Capacity,
    All,
    Compare,
    Help,
}

/// <summary>
/// Every knob of a run, with the defaults. The whole record is written into the result
/// files, so two runs can only be compared once their options are seen side by side.
/// </summary>
public sealed record BenchOptions
{
    public BenchCommand Command { get; init; } = BenchCommand.Surge;

    /// <summary>The measured window of the surge scenario.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Load before the measured window (JIT, grain activation, connection pools); not measured.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Reports per second offered (open loop).</summary>
    public double ReportRate { get; init; } = 2_000;

    /// <summary>Share of reports that operators drive through the whole closed loop.</summary>
    public double LoopShare { get; init; } = 0.2;

    /// <summary>Position updates per second offered, across every position connection.</summary>
    public double PositionRate { get; init; } = 20_000;

    /// <summary>Hub connections that carry the position updates; each is one grid worker's device.</summary>
    public int PositionConnections { get; init; } = 100;

    /// <summary>
    /// Fixes per hub message: 1 sends each fix as it is taken (<c>UpdatePosition</c>); more sends
    /// what a device gathered since its last send (<c>UpdatePositions</c>), as phones that report
    /// every few seconds do. The offered rate counts fixes either way.
    /// </summary>
    public int PositionBatch { get; init; } = 1;

    /// <summary>Simulated grid workers who report (identities, spread over the grids).</summary>
    public int Workers { get; init; } = 2_000;

    /// <summary>Dashboard clients (real SignalR clients over WebSockets).</summary>
    public int Dashboards { get; init; } = 500;

    /// <summary>Share of dashboards per scope level.</summary>
    public ScopeMix Mix { get; init; } = ScopeMix.Default;

    /// <summary>
    /// Nodes the harness starts, 1 to 5. With several, the load is spread over them as a load
    /// balancer would (each simulated client stays on node <c>client mod N</c>).
    /// </summary>
    public int Nodes { get; init; } = 1;

    /// <summary>
    /// The store of the nodes the harness starts: SQLite for one node unless PostgreSQL is asked
    /// for, PostgreSQL (with Redis membership) for several. Null when aimed at running nodes,
    /// whose store the harness cannot see.
    /// </summary>
    public StoreKind? Store { get; init; } = StoreKind.Sqlite;

    /// <summary>PostgreSQL's bin folder (initdb, pg_ctl, createdb); null: the newest under /usr/lib/postgresql.</summary>
    public string? PgBin { get; init; }

    /// <summary>Already running nodes (one URL per node): nothing is built, started or stopped.</summary>
    public IReadOnlyList<Uri> Urls { get; init; } = [];

    public int Seed { get; init; } = 1;

    /// <summary>Safety cap on HTTP requests of the whole run; past it nothing more is sent.</summary>
    public long MaxRequests { get; init; } = 5_000_000;

    /// <summary>HTTP connections every simulated client shares, over all nodes (one pool per node).</summary>
    public int Connections { get; init; } = 256;

    /// <summary>Requests in flight past which the generator counts a send as refused rather than queue without bound.</summary>
    public int MaxInFlight { get; init; } = 20_000;

    public string Out { get; init; } = Path.Combine("bench", "results");

    public bool NoBuild { get; init; }

    public bool KeepData { get; init; }

    /// <summary>
    /// Starts the node so that <c>perf</c> can name its JIT-compiled methods (a perf map, and code
    /// not double-mapped), for a CPU profile taken with <c>perf record -g -p PID</c> during the run.
    /// </summary>
    public bool PerfMap { get; init; }

    /// <summary>Offered report rates the capacity search steps through.</summary>
    public IReadOnlyList<double> Rates { get; init; } = [250, 500, 1_000, 1_500, 2_000, 3_000, 4_000, 6_000, 8_000];

    /// <summary>Measured window of each capacity step.</summary>
    public TimeSpan StepDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Report rate held while the capacity search steps the number of dashboards.</summary>
    public double FixedRate { get; init; } = 500;

    /// <summary>Dashboard counts the capacity search steps through.</summary>
    public IReadOnlyList<int> DashboardSteps { get; init; } = [100, 250, 500, 1_000, 1_500, 2_000, 3_000];

    /// <summary>
    /// Dashboards connected while the capacity search steps the report rate: none by default, so
    /// the search finds the ingest capacity that the ≥ 2,000/s target speaks of.
    /// </summary>
    public int CapacityDashboards { get; init; }

    /// <summary>Position updates per second offered during both capacity searches: none by default.</summary>
    public double CapacityPositionRate { get; init; }

    /// <summary>Measured window of each baseline.</summary>
    public TimeSpan BaselineDuration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Concurrent callers of the grain-call baseline.</summary>
    public int BaselineConcurrency { get; init; } = 64;

    /// <summary>New incidents reported (no loop) to measure the managed bytes each resident one costs.</summary>
    public int MemoryIncidents { get; init; } = 5_000;

    /// <summary>Dashboards connected at once while ramping up.</summary>
    public int DashboardBatch { get; init; } = 50;

    /// <summary>Upper bound of the final read-back of every acknowledged id.</summary>
    public TimeSpan ReadBackTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Overrides the computed hard deadline of the whole run (null: computed from the options).</summary>
    public TimeSpan? Deadline { get; init; }

    /// <summary>Limits the capacity search checks each step against.</summary>
    public double AckP99LimitMs { get; init; } = 100;

    public double DashboardP99LimitMs { get; init; } = 250;

    /// <summary>For <c>compare</c>: the two result files.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    public const string Usage = """
        RuleOfLaw load harness: ingest, live fan-out, positions and memory, beside raw baselines.

        dotnet run -c Release --project bench/RuleOfLaw.Bench -- <command> [options]

        Commands
          surge                 the standard scenario (default)
          capacity              step the report rate, then the dashboards, until a limit breaks
          all                   surge, then capacity, on the same node
          compare A.json B.json two result files side by side with deltas

        Options (defaults in brackets)
          --duration 30s            measured window of surge
          --warmup 5s               load before the window, not measured
          --report-rate 2000        reports/s offered (open loop)
          --loop-share 0.2          share of reports driven through the whole closed loop
          --position-rate 20000     position updates/s offered in total
          --position-connections 100  hub connections carrying positions (one device each)
          --position-batch 1        fixes per hub message (>1: UpdatePositions, as phones that report every few seconds)
          --workers 2000            simulated grid workers who report
          --dashboards 500          SignalR dashboard clients
          --mix district:0.1,street:0.3,community:0.4,grid:0.2   dashboard scopes
          --nodes 1                 nodes to start, 1 to 5; the load is spread over them as a load balancer would
          --store sqlite|postgres   sqlite (one node only; default for one) or postgres (private PostgreSQL + Redis; default for 2 or more)
          --pg-bin DIR              PostgreSQL's bin folder (default: the newest /usr/lib/postgresql/*/bin)
          --url http://host:port    aim at running nodes instead, one URL per node (repeat or comma-separate); no build, start or stop
          --seed 1                  seed of every random choice
          --max-requests 5000000    safety cap on HTTP requests
          --connections 256         HTTP connections over all nodes (one pool per node)
          --max-in-flight 20000     requests in flight before sends are refused (counted as errors)
          --out bench/results       where result files go
          --no-build                do not build the node first
          --keep-data               keep the node's temporary data folder
          --perf-map                start the node with a perf map, for perf record -g -p PID (bench/README.md)
          --rates 250,500,...       capacity: offered report rates
          --step-duration 10s       capacity: measured window per step
          --fixed-rate 500          capacity: report rate while stepping dashboards
          --dashboard-steps 100,250,500,1000,1500,2000,3000
          --capacity-dashboards 0   capacity: dashboards connected while the report rate is stepped
          --capacity-position-rate 0  capacity: positions/s offered during both searches
          --baseline-duration 5s    measured window of each baseline
          --baseline-concurrency 64 callers of the grain-call baseline
          --memory-incidents 5000   incidents reported to measure bytes per resident incident
          --read-back-timeout 120s  upper bound of the final read-back
          --dashboard-batch 50      dashboards connected at once
          --deadline (computed)     hard deadline of the whole run; past it everything stops and the node is killed
          --ack-p99-limit 100       capacity: ack p99 limit in ms
          --dashboard-p99-limit 250 capacity: report-to-dashboard p99 limit in ms
        """;

    /// <exception cref="ArgumentException">An option is unknown or its value malformed.</exception>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        var index = 0;
        if (args.Count > 0 && !args[0].StartsWith("--", StringComparison.Ordinal))
        {
            options = options with { Command = ParseCommand(args[0]) };
            index = 1;
        }

        var files = new List<string>();
        var given = new HashSet<string>(StringComparer.Ordinal);
        for (; index < args.Count; index++)
        {
            var name = args[index];
            if (!name.StartsWith("--", StringComparison.Ordinal))
            {
                files.Add(name);
                continue;
            }

            // Flags without a value first; everything else takes the next argument.
            switch (name)
            {
                case "--no-build":
                    options = options with { NoBuild = true };
                    continue;
                case "--keep-data":
                    options = options with { KeepData = true };
                    continue;
                case "--perf-map":
                    options = options with { PerfMap = true };
                    continue;
                case "--help" or "-h":
                    options = options with { Command = BenchCommand.Help };
                    continue;
            }

            if (index + 1 >= args.Count)
            {
                throw new ArgumentException($"{name} needs a value.");
            }

            var value = args[++index];
            given.Add(name);
            options = name switch
            {
                "--duration" => options with { Duration = ParseDuration(name, value) },
                "--warmup" => options with { Warmup = ParseDuration(name, value) },
                "--report-rate" => options with { ReportRate = ParseDouble(name, value, 0) },
                "--loop-share" => options with { LoopShare = ParseShare(name, value) },
                "--position-rate" => options with { PositionRate = ParseDouble(name, value, 0) },
                "--position-connections" => options with { PositionConnections = ParseInt(name, value, 1) },
                "--position-batch" => options with { PositionBatch = ParseInt(name, value, 1) },
                "--workers" => options with { Workers = ParseInt(name, value, 1) },
                "--dashboards" => options with { Dashboards = ParseInt(name, value, 0) },
                "--mix" => options with { Mix = ScopeMix.Parse(value) },
                "--nodes" => options with { Nodes = ParseNodes(name, value) },
                "--store" => options with { Store = ParseStore(value) },
                "--pg-bin" => options with { PgBin = value },
                "--url" => options with { Urls = [.. options.Urls, .. ParseList(value, ParseUrl)] },
                "--seed" => options with { Seed = ParseInt(name, value, int.MinValue) },
                "--max-requests" => options with { MaxRequests = ParseInt(name, value, 1) },
                "--connections" => options with { Connections = ParseInt(name, value, 1) },
                "--max-in-flight" => options with { MaxInFlight = ParseInt(name, value, 1) },
                "--out" => options with { Out = value },
                "--rates" => options with { Rates = ParseList(value, v => ParseDouble(name, v, 1)) },
                "--step-duration" => options with { StepDuration = ParseDuration(name, value) },
                "--fixed-rate" => options with { FixedRate = ParseDouble(name, value, 1) },
                "--dashboard-steps" => options with { DashboardSteps = ParseList(value, v => ParseInt(name, v, 1)) },
                "--capacity-dashboards" => options with { CapacityDashboards = ParseInt(name, value, 0) },
                "--capacity-position-rate" => options with { CapacityPositionRate = ParseDouble(name, value, 0) },
                "--baseline-duration" => options with { BaselineDuration = ParseDuration(name, value) },
                "--baseline-concurrency" => options with { BaselineConcurrency = ParseInt(name, value, 1) },
                "--memory-incidents" => options with { MemoryIncidents = ParseInt(name, value, 0) },
                "--dashboard-batch" => options with { DashboardBatch = ParseInt(name, value, 1) },
                "--read-back-timeout" => options with { ReadBackTimeout = ParseDuration(name, value) },
                "--deadline" => options with { Deadline = ParseDuration(name, value) },
                "--ack-p99-limit" => options with { AckP99LimitMs = ParseDouble(name, value, 0) },
                "--dashboard-p99-limit" => options with { DashboardP99LimitMs = ParseDouble(name, value, 0) },
                _ => throw new ArgumentException($"Unknown option {name}. Try --help."),
            };
        }

        options = options with { Files = files };
        if (options.Command == BenchCommand.Compare && files.Count != 2)
        {
            throw new ArgumentException("compare needs two result files (JSON).");
        }

        if (options.Command != BenchCommand.Compare && files.Count > 0)
        {
            throw new ArgumentException($"Unexpected argument {files[0]}.");
        }

        if (options.Duration <= TimeSpan.Zero || options.StepDuration <= TimeSpan.Zero || options.BaselineDuration <= TimeSpan.Zero)
        {
            throw new ArgumentException("Durations must be positive.");
        }

        return Topology(options, given);
    }

    /// <summary>Durations: <c>30s</c>, <c>500ms</c>, <c>2m</c>, or plain seconds.</summary>
    public static TimeSpan ParseDuration(string name, string value)
    {
        var text = value.Trim().ToLowerInvariant();
        (string number, double scale) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], 0.001),
            _ when text.EndsWith('s') => (text[..^1], 1.0),
            _ when text.EndsWith('m') => (text[..^1], 60.0),
            _ when text.EndsWith('h') => (text[..^1], 3600.0),
            _ => (text, 1.0),
        };
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount >= 0
            ? TimeSpan.FromSeconds(amount * scale)
            : throw new ArgumentException($"{name}: '{value}' is not a duration (e.g. 30s, 500ms, 2m).");
    }

    /// <summary>
    /// Settles nodes and store: the store follows the number of nodes unless given, SQLite cannot
    /// serve several nodes (it is one node's file), and running nodes are as many as their URLs.
    /// </summary>
    private static BenchOptions Topology(BenchOptions options, HashSet<string> given)
    {
        if (options.Urls.Count > 0)
        {
            if (given.Overlaps(["--nodes", "--store", "--pg-bin"]))
            {
                throw new ArgumentException("--nodes, --store and --pg-bin are for nodes the harness starts; with --url the nodes are the URLs given.");
            }

            // The same node twice would count its figures twice.
            if (options.Urls.Distinct().Count() < options.Urls.Count)
            {
                throw new ArgumentException("--url names the same node twice; give each node once.");
            }

            return options with { Nodes = options.Urls.Count, Store = null };
        }

        var store = given.Contains("--store") ? options.Store!.Value : options.Nodes >= 2 ? StoreKind.Postgres : StoreKind.Sqlite;
        if (store == StoreKind.Sqlite && options.Nodes >= 2)
        {
            throw new ArgumentException(
                $"--store sqlite serves one node only: the embedded store is a file of that node. Use --store postgres (the default for --nodes {options.Nodes}) or --nodes 1.");
        }

        if (options.PgBin is not null && store != StoreKind.Postgres)
        {
            throw new ArgumentException("--pg-bin is for --store postgres.");
        }

        return options with { Store = store };
    }

    private static int ParseNodes(string name, string value)
    {
        var nodes = ParseInt(name, value, 1);
        return nodes <= 5 ? nodes : throw new ArgumentException($"{name}: '{value}' is more than 5; this harness starts 1 to 5 nodes.");
    }

    private static StoreKind ParseStore(string value) => value.ToLowerInvariant() switch
    {
        "sqlite" => StoreKind.Sqlite,
        "postgres" or "postgresql" => StoreKind.Postgres,
        _ => throw new ArgumentException($"--store: '{value}' is neither sqlite nor postgres."),
    };

    private static BenchCommand ParseCommand(string text) => text.ToLowerInvariant() switch
    {
        "surge" => BenchCommand.Surge,
        "capacity" => BenchCommand.Capacity,
        "all" => BenchCommand.All,
        "compare" => BenchCommand.Compare,
        "help" => BenchCommand.Help,
        _ => throw new ArgumentException($"Unknown command '{text}': surge, capacity, all, compare or help."),
    };

    private static double ParseDouble(string name, string value, double minimum) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= minimum && double.IsFinite(number)
            ? number
            : throw new ArgumentException($"{name}: '{value}' is not a number ≥ {minimum}.");

    private static double ParseShare(string name, string value)
    {
        var share = ParseDouble(name, value, 0);
        return share <= 1 ? share : throw new ArgumentException($"{name}: '{value}' is not a share between 0 and 1.");
    }

    private static int ParseInt(string name, string value, int minimum) =>
        int.TryParse(value.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= minimum
            ? number
            : throw new ArgumentException($"{name}: '{value}' is not a whole number ≥ {minimum}.");

    private static List<T> ParseList<T>(string value, Func<string, T> parse) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(parse).ToList();

    private static Uri ParseUrl(string value)
    {
        if (!Uri.TryCreate(value.TrimEnd('/') + "/", UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"--url: '{value}' is not an http(s) URL.");
        }

        return url;
    }
}

/// <summary>Shares of dashboards subscribed at each level of the area ladder.</summary>
public sealed record ScopeMix(double District, double Street, double Community, double Grid)
{
    public static ScopeMix Default { get; } = new(0.1, 0.3, 0.4, 0.2);

    public static ScopeMix Parse(string text)
    {
        double district = 0, street = 0, community = 0, grid = 0;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pair = part.Split(':', 2);
            if (pair.Length != 2 || !double.TryParse(pair[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var share) || share < 0)
            {
                throw new ArgumentException($"--mix: '{part}' is not level:share.");
            }

            switch (pair[0].ToLowerInvariant())
            {
                case "district":
                    district = share;
                    break;
                case "street":
                    street = share;
                    break;
                case "community":
                    community = share;
                    break;
                case "grid":
                    grid = share;
                    break;
                default:
                    throw new ArgumentException($"--mix: unknown level '{pair[0]}' (district, street, community, grid).");
            }
        }

        var total = district + street + community + grid;
        return total > 0
            ? new ScopeMix(district / total, street / total, community / total, grid / total)
            : throw new ArgumentException("--mix: the shares add up to nothing.");
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture, $"district:{District:0.##},street:{Street:0.##},community:{Community:0.##},grid:{Grid:0.##}");
}
