using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace RuleOfLaw.Cluster.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL server of this fixture's own, from the binaries tests/run.sh names in
/// <c>RULEOFLAW_TEST_PG_BIN</c>: initdb in a temp folder, started on a free loopback port. Tests
/// stop and start it to take the database away; the shared test server is never touched, since
/// other test assemblies run against it in parallel. Every pg_ctl call names this server's own
/// data folder, so nothing else can be stopped by mistake.
/// </summary>
public sealed class PrivatePostgres : IAsyncDisposable
{
    public const string BinVariable = "RULEOFLAW_TEST_PG_BIN";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    private readonly string _bin;
    private readonly string _folder;

    private PrivatePostgres(string bin, string folder)
    {
        _bin = bin;
        _folder = folder;
    }

    public int Port { get; private set; }

    /// <summary>Whether the server was started and not stopped since (by this class).</summary>
    public bool IsRunning { get; private set; }

    private string DataDirectory => Path.Combine(_folder, "data");

    private string LogFile => Path.Combine(_folder, "server.log");

    /// <summary>The connection string of a database on this server (the user <c>postgres</c>, trusted on loopback).</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database }.ConnectionString;

    /// <summary>Creates and starts a fresh server, and creates <paramref name="database"/> in it.</summary>
    public static async Task<PrivatePostgres> Start(string database)
    {
        var bin = Environment.GetEnvironmentVariable(BinVariable) is { Length: > 0 } configured
            ? configured
            : throw new InvalidOperationException(
                $"{BinVariable} is not set, and these tests start a PostgreSQL server of their own to stop it under load. "
                + $"Run tests/run.sh, which sets it, or set it to PostgreSQL's bin folder (e.g. /usr/lib/postgresql/15/bin).");
        var folder = Path.Combine(Path.GetTempPath(), $"rol-cluster-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var server = new PrivatePostgres(bin, folder);
        try
        {
            if (IsRoot)
            {
                // PostgreSQL refuses to run as root; its tools run as the postgres user, who must own the folder.
                await Run("chown", ["postgres:", folder], asPostgres: false);
            }

            await Run(
                Path.Combine(bin, "initdb"),
                ["-D", server.DataDirectory, "-U", "postgres", "--auth=trust", "--no-locale", "--encoding=UTF8"]);

            // A free port can be taken between finding it and the server binding it: try a few.
            for (var attempt = 1; ; attempt++)
            {
                server.Port = FreePort();
                try
                {
                    await server.StartServer();
                    break;
                }
                catch (InvalidOperationException) when (attempt < 3)
                {
                }
            }

            await using var connection = new NpgsqlConnection(server.ConnectionString("postgres") + ";Pooling=false");
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\" ENCODING 'UTF8' TEMPLATE template0", connection);
            await create.ExecuteNonQueryAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the server at once (<c>pg_ctl stop -m fast</c>: sessions are cut, nothing waits for clients).</summary>
    public async Task Stop()
    {
        await Run(Path.Combine(_bin, "pg_ctl"), ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"]);
        IsRunning = false;
    }

    /// <summary>Starts the server again on the same port and data.</summary>
    public Task Restart() => StartServer();

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            try
            {
                await Stop();
            }
            catch (InvalidOperationException)
            {
                // Already stopped.
            }
        }

        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private async Task StartServer()
    {
        await Run(
            Path.Combine(_bin, "pg_ctl"),
            [
                "-D", DataDirectory, "-l", LogFile, "-w", "-t", "60",
                "-o", $"-c listen_addresses=127.0.0.1 -p {Port.ToString(CultureInfo.InvariantCulture)} -k {_folder} -c max_connections=300",
                "start",
            ],
            describeFailure: () => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "(no server log)");
        IsRunning = true;
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static async Task Run(string program, string[] arguments, bool asPostgres = true, Func<string>? describeFailure = null)
    {
        var start = new ProcessStartInfo(asPostgres && IsRoot ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres && IsRoot)
        {
            foreach (var argument in new[] { "-u", "postgres", "--", program })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(CommandTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} did not finish within {CommandTimeout.TotalSeconds:0} s.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await stdout}{await stderr}\n{describeFailure?.Invoke()}");
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
