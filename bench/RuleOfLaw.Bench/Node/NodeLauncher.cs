using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace RuleOfLaw.Bench.Node;

/// <summary>
/// Builds the node in Release and starts one in embedded durable mode (SQLite in a fresh data
/// folder) on free loopback ports with a unique cluster id and the diagnostics endpoint on;
/// stops it by the pid it started and deletes the folder. Nothing else is ever killed.
/// </summary>
public sealed class NodeLauncher : IAsyncDisposable
{
    private static readonly TimeSpan _startupTimeout = TimeSpan.FromSeconds(90);

    private readonly string _root;
    private readonly bool _keepData;
    private readonly bool _perfMap;
    private readonly Queue<string> _output = new();
    private readonly Lock _gate = new();
    private Process? _process;

    public NodeLauncher(string root, bool keepData, bool perfMap)
    {
        _root = root;
        _keepData = keepData;
        _perfMap = perfMap;
        DataDirectory = Path.Combine(Path.GetTempPath(), "ruleoflaw-bench", Guid.NewGuid().ToString("N"));
        ClusterId = $"bench-{Guid.NewGuid():N}";
    }

    public string DataDirectory { get; }

    public string ClusterId { get; }

    public Uri? BaseAddress { get; private set; }

    public int? ProcessId { get; private set; }

    public string SiloAssembly => Path.Combine(_root, "src", "Silo", "bin", "Release", "net10.0", "RuleOfLaw.Silo.dll");

    /// <summary>
    /// <c>dotnet build</c> of the node in Release. The node's project, not the whole solution:
    /// the solution holds this harness, which is running, and test projects the node does not need.
    /// </summary>
    public async Task Build(CancellationToken cancellation)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _root,
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

    public async Task<Uri> Start(CancellationToken cancellation)
    {
        if (!File.Exists(SiloAssembly))
        {
            throw new InvalidOperationException($"The node is not built: {SiloAssembly} is missing (drop --no-build).");
        }

        Directory.CreateDirectory(DataDirectory);
        for (var attempt = 1; ; attempt++)
        {
            var (http, silo, gateway) = FreePorts();
            BaseAddress = new Uri($"http://127.0.0.1:{http}/");
            try
            {
                await Launch(http, silo, gateway, cancellation);
                return BaseAddress;
            }
            catch (InvalidOperationException) when (attempt < 3 && Tail().Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                // Another process took a port between finding it free and the node binding it.
                await KillOwn();
            }
        }
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
        if (!_keepData && Directory.Exists(DataDirectory))
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

        try
        {
            if (process is { HasExited: false })
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private async Task Launch(int http, int silo, int gateway, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            // The node reads appsettings.json from beside its binary.
            WorkingDirectory = Path.GetDirectoryName(SiloAssembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            SiloAssembly,
            "--urls", $"http://127.0.0.1:{http}",
            "--Storage:DataDirectory", DataDirectory,
            "--Orleans:SiloPort", silo.ToString(CultureInfo.InvariantCulture),
            "--Orleans:GatewayPort", gateway.ToString(CultureInfo.InvariantCulture),
            "--Orleans:ClusterId", ClusterId,
            "--Diagnostics:Enabled", "true",
            "--Authentication:Development:Enabled", "true",
            "--Logging:LogLevel:Default", "Warning",
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
                throw new InvalidOperationException($"The node exited with code {process.ExitCode} before /health answered.\n{Tail()}");
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

        throw new InvalidOperationException($"/health did not answer 200 within {_startupTimeout.TotalSeconds} s.\n{Tail()}");
    }

    private async Task KillOwn()
    {
        Process? process;
        lock (_gate)
        {
            process = _process;
            _process = null;
        }

        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20));
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or TimeoutException)
        {
            // Gone already, or stuck: the harness exits next, nothing else to do from here.
        }

        process.Dispose();
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

    /// <summary>Three distinct free loopback ports, held together while picked so they differ.</summary>
    private static (int, int, int) FreePorts()
    {
        var listeners = Enumerable.Range(0, 3).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(listener => listener.Start());
            var ports = listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port).ToList();
            return (ports[0], ports[1], ports[2]);
        }
        finally
        {
            listeners.ForEach(listener => listener.Stop());
        }
    }
}
