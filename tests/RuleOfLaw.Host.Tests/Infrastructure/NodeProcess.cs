using System.Diagnostics;
using System.Net;
using System.Reflection;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Tests.Shared;

namespace RuleOfLaw.Host.Tests.Infrastructure;

/// <summary>
/// The real node, started as a child process exactly as an operator starts it
/// (<c>dotnet RuleOfLaw.Silo.dll</c>), on free loopback ports, with a unique cluster id and a
/// fresh data folder. It can be killed like <c>kill -9</c> and restarted on the same folder and
/// ports. Its output is kept so that a failure can show what the node said, and all of it goes to
/// a file in the run's log folder (<see cref="TestLogs"/>) for the scan for secrets.
/// </summary>
public abstract partial class NodeProcess : IAsyncLifetime
{
    public static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);

    private const int StartAttempts = 3;

    private readonly string[] _extraArguments;
    private readonly NodeOutput _output;
    // No cookie jar: a session one test signs in must not ride along on every other test's client.
    private readonly SocketsHttpHandler _handler = new() { PooledConnectionLifetime = TimeSpan.FromMinutes(5), UseCookies = false };
    private readonly Lock _gate = new();
    private Process? _process;

    /// <param name="extraArguments">Configuration on top of the node's own appsettings.json, as command-line pairs.</param>
    protected NodeProcess(params string[] extraArguments)
    {
        _extraArguments = extraArguments;
        _output = new NodeOutput(maxLines: 400, TestLogs.CreateWriter(GetType().Name));
        DataDirectory = Path.Combine(Path.GetTempPath(), "rule-of-law-host-tests", Guid.NewGuid().ToString("N"));
        ClusterId = $"host-tests-{Guid.NewGuid():N}";
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillQuietly();
    }

    public string DataDirectory { get; }

    /// <summary>Unique per node unless a subclass joins several nodes into one cluster.</summary>
    public string ClusterId { get; protected init; }

    public int HttpPort { get; private set; }

    public int SiloPort { get; private set; }

    public int GatewayPort { get; private set; }

    public Uri BaseAddress => new($"http://127.0.0.1:{HttpPort}/");

    /// <summary>How many times the node has been started on this data folder.</summary>
    public int Starts { get; private set; }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDirectory);

        // A free port can be taken by someone else between finding it and the node binding it;
        // only the first start may move to other ports, restarts must keep them.
        for (var attempt = 1; ; attempt++)
        {
            (HttpPort, SiloPort, GatewayPort) = FreeLoopbackPorts.Three();
            try
            {
                await Start();
                return;
            }
            catch (NodeStartException exception) when (attempt < StartAttempts && exception.PortTaken)
            {
                _output.Note($"--- start attempt {attempt} lost a port race; retrying on other ports ---");
            }
        }
    }

    public virtual Task DisposeAsync()
    {
        KillQuietly();
        _handler.Dispose();
        _output.Dispose();
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }

        return Task.CompletedTask;
    }

    /// <summary>Kills the node at once, like <c>kill -9</c>: no graceful shutdown, no flushing.</summary>
    public async Task Kill()
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

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync().WaitAsync(StartupTimeout);
        _output.Note($"--- node killed (exit code {process.ExitCode}) ---");
        process.Dispose();
    }

    /// <summary>Whether the node's process is running (started and neither killed nor stopped).</summary>
    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _process is { HasExited: false };
            }
        }
    }

    /// <summary>
    /// Stops the node the way an operator or an orchestrator does (SIGTERM): the host shuts down
    /// gracefully, so the silo leaves the cluster and hands its grains over. A node that has not
    /// exited after <paramref name="timeout"/> (default: the startup timeout) is killed and the
    /// stop fails, naming how long it waited.
    /// </summary>
    public async Task Stop(TimeSpan? timeout = null)
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

        var limit = timeout ?? StartupTimeout;
        using (var signal = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await signal.WaitForExitAsync().WaitAsync(limit);
        }

        try
        {
            await process.WaitForExitAsync().WaitAsync(limit);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"The node did not exit within {limit.TotalSeconds:0} s of SIGTERM; it was killed.\n{Tail()}");
        }
        finally
        {
            _output.Note($"--- node stopped (exit code {process.ExitCode}) ---");
            process.Dispose();
        }
    }

    /// <summary>Kills the node and starts it again on the same data folder, ports and cluster id.</summary>
    public async Task KillAndRestart()
    {
        await Kill();
        await Start();
    }

    /// <summary>Starts a killed node again on the same data folder, ports and cluster id.</summary>
    public Task Restart()
    {
        lock (_gate)
        {
            if (_process is not null)
            {
                throw new InvalidOperationException("The node is running; kill it first.");
            }
        }

        return Start();
    }

    /// <summary>A client acting as <paramref name="role"/> in <paramref name="area"/> (the X-Actor-* headers).</summary>
    public HttpClient Client(Role role, string area = DemoAreas.District, string? unit = null, string? user = null, string? language = "en")
    {
        var client = Anonymous(language);
        foreach (var (name, value) in ActorHeaders.For(role, area, unit, user))
        {
            client.DefaultRequestHeaders.Add(name, value);
        }

        return client;
    }

    /// <summary>
    /// A client that says nothing about who is acting. It asks for English messages, which most
    /// assertions read; <c>language: null</c> sends no Accept-Language, so the node's default (zh-CN) answers.
    /// </summary>
    public HttpClient Anonymous(string? language = "en")
    {
        var client = new HttpClient(_handler, disposeHandler: false) { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (language is not null)
        {
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        }

        return client;
    }

    /// <summary>The last lines the node wrote, to attach to a failure message.</summary>
    public string Tail(int lines = 60) => _output.Tail(lines);

    /// <summary>Everything the node wrote (stdout and stderr) during its <paramref name="start"/>-th start (1 = the first).</summary>
    public string OutputOfStart(int start) => _output.OfStart(start);

    /// <summary>Everything the node wrote over all its starts.</summary>
    public string AllOutput() => _output.All();

    private async Task Start()
    {
        var silo = SiloAssembly();
        var start = new ProcessStartInfo(DotnetHost())
        {
            // The node reads appsettings.json from its content root, the working directory.
            WorkingDirectory = Path.GetDirectoryName(silo)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(silo);
        foreach (var argument in Arguments())
        {
            start.ArgumentList.Add(argument);
        }

        // Nothing from the test runner's environment may point the node elsewhere.
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, line) => _output.Add(line.Data);
        process.ErrorDataReceived += (_, line) => _output.Add(line.Data);
        Starts++;
        _output.BeginStart(Starts, $"--- start {Starts}: {start.FileName} {string.Join(' ', start.ArgumentList)} ---", $"--- start {Starts} ---");
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        lock (_gate)
        {
            _process = process;
        }

        await WaitUntilHealthy(process);
    }

    private IEnumerable<string> Arguments()
    {
        string[] own =
        [
            "--urls", $"http://127.0.0.1:{HttpPort}",
            "--Storage:DataDirectory", DataDirectory,
            "--Orleans:SiloPort", SiloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--Orleans:GatewayPort", GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--Orleans:ClusterId", ClusterId,

            // Most tests state who acts in X-Actor-* headers; a node that must refuse them says so after this.
            "--Authentication:Development:Enabled", "true",

            // Placement retries log at Information on every activation; they drown what matters.
            "--Logging:LogLevel:Polly", "Warning",

            // Tests report many cases at one point and count each case's events exactly: the
            // platform's own duplicate flag, appended a moment after a report, would race them.
            // The duplicate tests run on a node of their own that turns it back on.
            "--Duplicates:FlagAtIntake", "false",

            // Tests read patrol coverage right after the fixes they sent are stored: a reading
            // shared for half a minute would show them the figure from before.
            "--Positions:CoverageReuse", "00:00:00",
        ];
        return own.Concat(_extraArguments);
    }

    /// <summary>Polls <c>/health</c> until it answers 200, the process exits, or the startup timeout passes.</summary>
    private async Task WaitUntilHealthy(Process process)
    {
        using var client = Anonymous();
        client.Timeout = TimeSpan.FromSeconds(5);
        var exited = process.WaitForExitAsync();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartupTimeout)
        {
            if (exited.IsCompleted)
            {
                var portTaken = _output.Tail(40).Contains("address already in use", StringComparison.OrdinalIgnoreCase);
                lock (_gate)
                {
                    _process = null;
                }

                throw new NodeStartException(
                    $"The node exited with code {process.ExitCode} before GET /health answered 200 on {BaseAddress}.\n{Tail()}",
                    portTaken);
            }

            try
            {
                using var response = await client.GetAsync("health");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but not answering yet.
            }

            await Task.WhenAny(exited, Task.Delay(TimeSpan.FromMilliseconds(100)));
        }

        KillQuietly();
        throw new NodeStartException(
            $"Timed out after {StartupTimeout.TotalSeconds} s waiting for GET {BaseAddress}health to answer 200.\n{Tail()}",
            portTaken: false);
    }

    private void KillQuietly()
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
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
    }

    /// <summary>
    /// <c>src/Silo/bin/&lt;configuration&gt;/net10.0/RuleOfLaw.Silo.dll</c> of the same configuration as
    /// this test assembly; the project reference to the silo makes the build produce it.
    /// </summary>
    internal static string SiloAssembly()
    {
        var configuration = typeof(NodeProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "RuleOfLaw.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds RuleOfLaw.sln.");
        }

        var silo = Path.Combine(root.FullName, "src", "Silo", "bin", configuration, "net10.0", "RuleOfLaw.Silo.dll");
        return File.Exists(silo)
            ? silo
            : throw new InvalidOperationException($"The node is not built: {silo} is missing. Build the solution in {configuration}.");
    }

    /// <summary>The dotnet host that runs these tests (the CLI names it in DOTNET_HOST_PATH), else the one on PATH.</summary>
    internal static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
}

public sealed class NodeStartException(string message, bool portTaken) : Exception(message)
{
    public bool PortTaken { get; } = portTaken;
}

/// <summary>
/// A node's stdout and stderr, interleaved as they arrived: the last lines, every line by start,
/// and all of them in the node's log file when the run keeps one.
/// </summary>
internal sealed class NodeOutput(int maxLines, TextWriter? log) : IDisposable
{
    /// <summary>More than any test run writes; past it the oldest start's lines go first.</summary>
    private const int MaxKeptCharacters = 8_000_000;

    private readonly Queue<string> _lines = new();
    private readonly Dictionary<int, System.Text.StringBuilder> _starts = [];
    private readonly Lock _gate = new();
    private int _start;
    private int _kept;
    private bool _disposed;

    /// <param name="banner">The harness's line for this start, arguments and all.</param>
    /// <param name="logBanner">What of it reaches the log file (see <see cref="Note"/>).</param>
    public void BeginStart(int start, string banner, string logBanner)
    {
        lock (_gate)
        {
            _start = start;
            _starts[start] = new System.Text.StringBuilder();
        }

        Note(banner, logBanner);
    }

    /// <summary>A line the node wrote.</summary>
    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            Keep(line);
            if (!_disposed)
            {
                log?.WriteLine(line);
            }
        }
    }

    /// <summary>
    /// A line of the test harness. Only <paramref name="logLine"/> reaches the log file: the
    /// harness's own lines may name the node's arguments, connection strings among them, which
    /// are the test's business, not the node's output.
    /// </summary>
    public void Note(string line, string? logLine = null)
    {
        lock (_gate)
        {
            Keep(line);
            if (!_disposed && logLine is not null)
            {
                log?.WriteLine(logLine);
            }
        }
    }

    public string Tail(int lines)
    {
        lock (_gate)
        {
            return "--- node output (last lines) ---\n" + string.Join('\n', _lines.Skip(Math.Max(0, _lines.Count - lines)));
        }
    }

    public string OfStart(int start)
    {
        lock (_gate)
        {
            return _starts.TryGetValue(start, out var all) ? all.ToString() : "";
        }
    }

    public string All()
    {
        lock (_gate)
        {
            return string.Concat(_starts.OrderBy(pair => pair.Key).Select(pair => pair.Value.ToString()));
        }
    }

    /// <summary>Closes the log file; lines that still arrive from a dying process only reach the tail.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            log?.Dispose();
        }
    }

    private void Keep(string line)
    {
        _lines.Enqueue(line);
        while (_lines.Count > maxLines)
        {
            _lines.Dequeue();
        }

        if (_starts.TryGetValue(_start, out var all) && _kept < MaxKeptCharacters)
        {
            all.AppendLine(line);
            _kept += line.Length + 1;
        }
    }
}
