using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using RuleOfLaw.Bench.Baselines;

namespace RuleOfLaw.Bench.Node;

/// <summary>
/// One node process on free loopback ports with the diagnostics endpoint and development
/// authentication on, in the cluster and with the store <see cref="BenchCluster"/> gives it;
/// killed by the pid it started, and its own data folder (SQLite only) deleted. Nothing else is
/// ever killed.
/// </summary>
public sealed class NodeLauncher : IAsyncDisposable
{
    private static readonly TimeSpan _startupTimeout = TimeSpan.FromSeconds(90);

    private readonly string _siloAssembly;
    private readonly IReadOnlyList<string> _storeArguments;
    private readonly bool _keepData;
    private readonly bool _perfMap;
    private readonly Queue<string> _output = new();
    private readonly Lock _gate = new();
    private Process? _process;

    /// <param name="storeArguments">The node's store and membership settings, as command-line pairs.</param>
    /// <param name="dataDirectory">The node's own data folder, created here and deleted at the end; null when its data lives in a server.</param>
    public NodeLauncher(string name, string siloAssembly, string clusterId, IReadOnlyList<string> storeArguments, string? dataDirectory, bool keepData, bool perfMap)
    {
        Name = name;
        _siloAssembly = siloAssembly;
        ClusterId = clusterId;
        _storeArguments = storeArguments;
        DataDirectory = dataDirectory;
        _keepData = keepData;
        _perfMap = perfMap;
    }

    /// <summary>"node 1", "node 2", …: what messages call it.</summary>
    public string Name { get; }

    public string ClusterId { get; }

    public string? DataDirectory { get; }

    public Uri? BaseAddress { get; private set; }

    public int? ProcessId { get; private set; }

    /// <summary>Starts the node and waits until it serves HTTP (<c>/health</c>); membership and store come after, see <see cref="WaitReady"/>.</summary>
    public async Task<Uri> Start(CancellationToken cancellation)
    {
        if (!File.Exists(_siloAssembly))
        {
            throw new InvalidOperationException($"The node is not built: {_siloAssembly} is missing (drop --no-build).");
        }

        if (DataDirectory is not null)
        {
            Directory.CreateDirectory(DataDirectory);
        }

        for (var attempt = 1; ; attempt++)
        {
            var ports = FreePorts.Take(3);
            BaseAddress = new Uri($"http://127.0.0.1:{ports[0]}/");
            try
            {
                await Launch(ports[0], ports[1], ports[2], cancellation);
                return BaseAddress;
            }
            catch (InvalidOperationException) when (attempt < 3 && Tail().Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                // Another process took a port between finding it free and the node binding it.
                await KillOwn();
            }
        }
    }

    /// <summary>
    /// Waits until <c>/health/ready</c> answers 200 (the store answers and this node is an active
    /// member) and counts <paramref name="activeNodes"/> active nodes: before that, part of the
    /// load would meet a cluster still forming.
    /// </summary>
    public async Task WaitReady(int activeNodes, CancellationToken cancellation)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        var last = "no answer";
        while (watch.Elapsed < _startupTimeout)
        {
            cancellation.ThrowIfCancellationRequested();
            if (Exited() is { } code)
            {
                throw new InvalidOperationException($"{Name} exited with code {code} before it was ready.\n{Tail()}");
            }

            try
            {
                using var response = await client.GetAsync("health/ready", cancellation);
                last = await response.Content.ReadAsStringAsync(cancellation);
                if (response.StatusCode == HttpStatusCode.OK && ActiveNodes(last) == activeNodes)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or JsonException
                || (exception is TaskCanceledException && !cancellation.IsCancellationRequested))
            {
                last = exception.Message;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellation);
        }

        throw new InvalidOperationException(
            $"{Name} did not report ready with {activeNodes} active node(s) within {_startupTimeout.TotalSeconds} s; last /health/ready: {last}\n{Tail()}");
    }

    /// <summary>The last lines the node wrote (warnings and errors at the harness's log level).</summary>
    public string Tail(int lines = 40)
    {
        lock (_gate)
        {
            return string.Join('\n', _output.Skip(Math.Max(0, _output.Count - lines)));
        }
    }

    /// <summary>Kills the node this launcher started (by its pid) and removes its data folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await KillOwn();
        if (!_keepData && DataDirectory is not null && Directory.Exists(DataDirectory))
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open; the temp folder is cleaned by the system eventually.
            }
        }
    }

    /// <summary>Synchronous last resort for process exit and the hard deadline.</summary>
    public void KillNow()
    {
        Process? process;
        lock (_gate)
        {
            process = _process;
        }

        // No wait: this runs on process exit and at the hard deadline, where nothing may block.
        OwnedProcess.End(process, entireTree: true, TimeSpan.Zero);
    }

    private static int? ActiveNodes(string readiness)
    {
        using var document = JsonDocument.Parse(readiness);
        return document.RootElement.TryGetProperty("cluster", out var cluster) && cluster.TryGetProperty("activeNodes", out var active)
            ? active.GetInt32()
            : null;
    }

    private int? Exited()
    {
        lock (_gate)
        {
            return _process is { HasExited: true } process ? process.ExitCode : null;
        }
    }

    private async Task Launch(int http, int silo, int gateway, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            // The node reads appsettings.json from beside its binary.
            WorkingDirectory = Path.GetDirectoryName(_siloAssembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            _siloAssembly,
            "--urls", $"http://127.0.0.1:{http}",
            "--Orleans:SiloPort", silo.ToString(CultureInfo.InvariantCulture),
            "--Orleans:GatewayPort", gateway.ToString(CultureInfo.InvariantCulture),
            "--Orleans:ClusterId", ClusterId,
            "--Diagnostics:Enabled", "true",
            "--Authentication:Development:Enabled", "true",
            "--Logging:LogLevel:Default", "Warning",
            .. _storeArguments,
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Nothing from the harness's environment may point the node elsewhere or make it export telemetry.
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        if (_perfMap)
        {
            // perf reads method names from /tmp/perf-PID.map; with W^X on, JIT code runs from a
            // double-mapped memfd that the map's addresses do not cover.
            start.Environment["DOTNET_PerfMapEnabled"] = "1";
            start.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, line) => Keep(line.Data);
        process.ErrorDataReceived += (_, line) => Keep(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        lock (_gate)
        {
            _process = process;
        }

        ProcessId = process.Id;
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < _startupTimeout)
        {
            cancellation.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {process.ExitCode} before /health answered.\n{Tail()}");
            }

            try
            {
                using var response = await client.GetAsync("health", cancellation);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellation.IsCancellationRequested)
            {
                // Listening, not answering yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellation);
        }

        throw new InvalidOperationException($"{Name}: /health did not answer 200 within {_startupTimeout.TotalSeconds} s.\n{Tail()}");
    }

    private async Task KillOwn()
    {
        Process? process;
        lock (_gate)
        {
            process = _process;
            _process = null;
        }

        // Off the caller's thread: waiting for a node to go may take seconds.
        await Task.Run(() => OwnedProcess.End(process, entireTree: true, TimeSpan.FromSeconds(20)));
        process?.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.Enqueue(line);
            while (_output.Count > 200)
            {
                _output.Dequeue();
            }
        }
    }
}
