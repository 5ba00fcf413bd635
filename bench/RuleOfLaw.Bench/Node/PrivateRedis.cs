using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using RuleOfLaw.Bench.Baselines;
using RuleOfLaw.Bench.Measurements;

namespace RuleOfLaw.Bench.Node;

/// <summary>
/// A Redis of the run's own for cluster membership: <c>redis-server</c> as a child process on a
/// free loopback port, nothing persisted, killed by the pid it started.
/// </summary>
public sealed class PrivateRedis(string server) : IAsyncDisposable
{
    private static readonly TimeSpan _startupTimeout = TimeSpan.FromSeconds(15);

    private readonly Lock _gate = new();
    private readonly StringBuilder _output = new();
    private Process? _process;

    public int Port { get; private set; }

    /// <summary>The nodes' <c>ConnectionStrings:Redis</c>.</summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    public async Task Start(CancellationToken cancellation)
    {
        // A free port can be taken between finding it and the server binding it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePorts.Take(1)[0];
            var process = Launch();
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed < _startupTimeout && !process.HasExited)
            {
                if (await Answers(cancellation))
                {
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellation);
            }

            KillNow();
            if (attempt == 3)
            {
                throw new InvalidOperationException($"redis-server did not answer PING on port {Port} within {_startupTimeout.TotalSeconds:0} s:\n{Output()}");
            }
        }
    }

    /// <summary>CPU time of the server (all its threads); null when not running.</summary>
    public TimeSpan? CpuTime()
    {
        lock (_gate)
        {
            return _process is { HasExited: false } process ? ProcStat.CpuTime(process.Id) : null;
        }
    }

    /// <summary>Kills the server this instance started, by its pid; the hard deadline and the normal end may both ask.</summary>
    public void KillNow()
    {
        Process? process;
        lock (_gate)
        {
            process = _process;
            _process = null;
        }

        OwnedProcess.End(process, entireTree: false, TimeSpan.FromSeconds(10));
        process?.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        KillNow();
        return ValueTask.CompletedTask;
    }

    private Process Launch()
    {
        var start = new ProcessStartInfo(server)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            "--port", Port.ToString(CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--save", string.Empty,
            "--appendonly", "no",
            "--daemonize", "no",
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Keep(line.Data);
        process.ErrorDataReceived += (_, line) => Keep(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        lock (_gate)
        {
            _process = process;
        }

        return process;
    }

    /// <summary>One PING in Redis's inline protocol; the harness needs no Redis client for it.</summary>
    private async Task<bool> Answers(CancellationToken cancellation)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token);
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception exception) when (exception is SocketException or IOException || (exception is OperationCanceledException && !cancellation.IsCancellationRequested))
        {
            return false;
        }
    }

    private void Keep(string? line)
    {
        lock (_gate)
        {
            if (line is not null && _output.Length < 8_000)
            {
                _output.AppendLine(line);
            }
        }
    }

    private string Output()
    {
        lock (_gate)
        {
            return _output.ToString();
        }
    }
}
