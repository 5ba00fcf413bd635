using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using RuleOfLaw.Host.Tests.Infrastructure;
using RuleOfLaw.Silo.Storage;
using RuleOfLaw.Tests.Shared;

namespace RuleOfLaw.Host.Tests.Startup;

/// <summary>
/// Production mode from an operator's side: a database or membership server that cannot be
/// reached stops the node with one line naming it, and <c>migrate</c> applies the schema and says
/// what it did.
/// </summary>
public sealed class ProductionStartupTests : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"rol-pg-startup-{Guid.NewGuid():N}");
    private string _database = null!;

    public async Task InitializeAsync() => _database = await TestPostgres.CreateDatabase("migrate");

    public async Task DisposeAsync()
    {
        await TestPostgres.DropDatabase(_database);
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    [Fact]
    public async Task AnUnreachablePostgreSqlStopsStartUpWithOneLineNamingHostAndPort()
    {
        var port = ClosedLoopbackPort();
        SecretsLedger.Record($"secret-{port}");

        var (exitCode, output) = await NodeCommand.Run(
            $"--{StorageOptions.ProviderKey}", "PostgreSql",
            $"--{StorageOptions.ConnectionStringKey}", $"Host=127.0.0.1;Port={port};Database=ruleoflaw;Username=ruleoflaw;Password=secret-{port}",
            "--Storage:DataDirectory", _dataDirectory,
            "--urls", "http://127.0.0.1:0");

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"PostgreSQL at 127.0.0.1:{port} (database ruleoflaw) is unreachable", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain($"secret-{port}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreachableRedisStopsStartUpWithOneLineNamingIt()
    {
        var port = ClosedLoopbackPort();
        SecretsLedger.Record($"secret-{port}");
        var watch = Stopwatch.StartNew();

        var (exitCode, output) = await NodeCommand.Run(
            "--Orleans:Membership", "Redis",
            "--ConnectionStrings:Redis", $"127.0.0.1:{port},password=secret-{port}",
            "--Storage:DataDirectory", _dataDirectory,
            "--urls", "http://127.0.0.1:0");

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"The membership server (Redis at 127.0.0.1:{port}) is unreachable", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain($"secret-{port}", output, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed.TotalSeconds:0.0} s to give up");
    }

    [Fact]
    public async Task RedisMembershipWithoutAServerNamedStopsStartUpNamingTheSetting()
    {
        var (exitCode, output) = await NodeCommand.Run(
            "--Orleans:Membership", "Redis", "--Storage:DataDirectory", _dataDirectory, "--urls", "http://127.0.0.1:0");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Orleans:Membership is Redis but ConnectionStrings:Redis is not set.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProviderThatDoesNotExistStopsStartUpNamingTheSetting()
    {
        var (exitCode, output) = await NodeCommand.Run(
            $"--{StorageOptions.ProviderKey}", "Oracle", "--Storage:DataDirectory", _dataDirectory, "--urls", "http://127.0.0.1:0");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Storage:Provider is 'Oracle'; it must be Sqlite or PostgreSql.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateAppliesTheSchemaOnceSaysWhatItAppliedAndExitsZero()
    {
        var first = await NodeCommand.Run("migrate", $"--{StorageOptions.ProviderKey}", "PostgreSql", $"--{StorageOptions.ConnectionStringKey}", _database);
        var second = await NodeCommand.Run("migrate", $"--{StorageOptions.ProviderKey}", "PostgreSql", $"--{StorageOptions.ConnectionStringKey}", _database);

        var database = new Npgsql.NpgsqlConnectionStringBuilder(_database).Database;
        Assert.Equal(0, first.ExitCode);
        Assert.Contains($"Applied {PostgresSql.Migrations[0].Name} to PostgreSQL at", first.Output, StringComparison.Ordinal);
        Assert.Contains($"(database {database}) is now at schema version {PostgresSql.SchemaVersion} (was 0).", first.Output, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains($"is at schema version {PostgresSql.SchemaVersion}; nothing to apply.", second.Output, StringComparison.Ordinal);
        await using var connection = await TestPostgres.Open(_database);
        Assert.Equal((long)PostgresSql.Migrations.Count, await TestPostgres.Scalar(connection, "SELECT COUNT(*) FROM schema_version"));
    }

    [Fact]
    public async Task MigrateAgainstAnUnreachableServerFailsWithOneLineNamingHostAndPort()
    {
        var port = ClosedLoopbackPort();

        var (exitCode, output) = await NodeCommand.Run(
            "migrate", $"--{StorageOptions.ProviderKey}", "PostgreSql", $"--{StorageOptions.ConnectionStringKey}", $"Host=127.0.0.1;Port={port};Database=ruleoflaw;Username=ruleoflaw");

        Assert.NotEqual(0, exitCode);
        Assert.Equal($"Cannot migrate: PostgreSQL at 127.0.0.1:{port} (database ruleoflaw) is unavailable: Connection refused", output.Trim());
    }

    private static int ClosedLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
