using System.Globalization;
using RuleOfLaw.Bench.Baselines;
using RuleOfLaw.Bench.Measurements;

namespace RuleOfLaw.Bench.Node;

/// <summary>
/// A PostgreSQL server of the run's own: initdb into a temp folder, started on a free loopback
/// port with its socket in that folder, one database created; stopped and deleted at the end.
/// Every pg_ctl call names this server's own data folder, so no other server on the machine can
/// be stopped by mistake.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    public const string Database = "ruleoflaw";

    private readonly string _bin;
    private readonly int _maxConnections;
    private readonly bool _keepData;
    private int _stopped;

    /// <param name="maxConnections">Room for every node's connection pool (Npgsql's default is 100 per node).</param>
    public PrivatePostgres(string bin, int maxConnections, bool keepData)
    {
        _bin = bin;
        _maxConnections = maxConnections;
        _keepData = keepData;
        Folder = Path.Combine(Path.GetTempPath(), "ruleoflaw-bench", $"pg-{Guid.NewGuid():N}");
    }

    /// <summary>Data folder, log and socket of this server.</summary>
    public string Folder { get; }

    public int Port { get; private set; }

    /// <summary>The nodes' connection string: the <c>postgres</c> user, trusted on loopback.</summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={Port};Username=postgres;Database={Database}");

    private string DataDirectory => Path.Combine(Folder, "data");

    private string LogFile => Path.Combine(Folder, "server.log");

    private string PidFile => Path.Combine(DataDirectory, "postmaster.pid");

    public async Task Start(CancellationToken cancellation)
    {
        Directory.CreateDirectory(Folder);
        if (ExternalCommand.IsRoot)
        {
            // PostgreSQL refuses to run as root; its tools run as the postgres user, who must own the folder.
            await ExternalCommand.Run("chown", ["postgres:", Folder], asPostgres: false, null, cancellation);
        }

        await Tool("initdb", ["-D", DataDirectory, "-U", "postgres", "--auth=trust", "--no-locale", "--encoding=UTF8"], cancellation);

        // A free port can be taken between finding it and the server binding it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePorts.Take(1)[0];
            try
            {
                await Tool(
                    "pg_ctl",
                    [
                        "-D", DataDirectory, "-l", LogFile, "-w", "-t", "60",
                        "-o", string.Create(CultureInfo.InvariantCulture, $"-p {Port} -k {Folder} -c listen_addresses=127.0.0.1 -c max_connections={_maxConnections}"),
                        "start",
                    ],
                    cancellation);
                break;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // Most likely the port was taken meanwhile: another one.
            }
            catch (InvalidOperationException exception)
            {
                throw new InvalidOperationException($"{exception.Message}\n{(File.Exists(LogFile) ? await File.ReadAllTextAsync(LogFile, cancellation) : "(no server log)")}");
            }
        }

        await Tool("createdb", ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-E", "UTF8", "-T", "template0", Database], cancellation);
    }

    /// <summary>CPU time of the postmaster and every server process it forked (backends, writers, reaped ones too); null when not running.</summary>
    public TimeSpan? CpuTime() => Postmaster() is { } pid ? ProcStat.TreeCpuTime(pid) : null;

    /// <summary>
    /// <c>pg_ctl stop -m fast</c> on this server's own data folder (sessions cut, nothing waits for
    /// clients), <c>-m immediate</c> if that fails, then the folder is deleted. Once only: the hard
    /// deadline and the normal end may both ask.
    /// </summary>
    public async Task Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        foreach (var mode in new[] { "fast", "immediate" })
        {
            if (!File.Exists(PidFile))
            {
                break;
            }

            try
            {
                await Tool("pg_ctl", ["-D", DataDirectory, "-m", mode, "-w", "-t", "30", "stop"], CancellationToken.None);
            }
            catch (InvalidOperationException)
            {
                // Not stopped this way (or already gone): the next mode, or the folder check, decides.
            }
        }

        if (!_keepData && Directory.Exists(Folder))
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
                // Still in use by a server that would not stop; the temp folder is cleaned by the system eventually.
            }
        }
    }

    public async ValueTask DisposeAsync() => await Stop();

    /// <summary>The postmaster's pid: the first line of postmaster.pid, while the server runs.</summary>
    private int? Postmaster()
    {
        try
        {
            var first = File.ReadLines(PidFile).FirstOrDefault();
            return int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private Task<string> Tool(string name, IReadOnlyList<string> arguments, CancellationToken cancellation) =>
        ExternalCommand.Run(Path.Combine(_bin, name), arguments, asPostgres: true, workingDirectory: Folder, cancellation);
}
