using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.Silo.Storage;
using RuleOfLaw.Tests.Shared;

namespace RuleOfLaw.Storage.Tests;

/// <summary>
/// A fresh database on the test server for the whole class (and more on request); all of them are
/// dropped when the class is done. Without a server every test of the class fails saying how to get one.
/// </summary>
public sealed class PostgresDatabaseFixture : IAsyncLifetime
{
    private readonly List<string> _databases = [];

    public string ConnectionString { get; private set; } = null!;

    public async Task InitializeAsync() => ConnectionString = await CreateDatabase();

    /// <summary>Another empty database, dropped with the class's.</summary>
    public async Task<string> CreateDatabase()
    {
        var connectionString = await TestPostgres.CreateDatabase("storage");
        _databases.Add(connectionString);
        return connectionString;
    }

    public PostgresStore OpenStore() => OpenStore(ConnectionString);

    public static PostgresStore OpenStore(string connectionString) =>
        new(connectionString, TimeProvider.System, NullLogger<PostgresStore>.Instance);

    public async Task DisposeAsync()
    {
        foreach (var database in _databases)
        {
            await TestPostgres.DropDatabase(database);
        }
    }
}

public sealed class PostgresStoreConformanceTests(PostgresDatabaseFixture database)
    : StoreConformanceTests(database.OpenStore), IClassFixture<PostgresDatabaseFixture>
{
    private static readonly TimeSpan SignalTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task InitializingTwiceLeavesTheSchemaAtTheCurrentVersionWithEachMigrationRecordedOnce()
    {
        await Store.Initialize();

        await using var connection = await TestPostgres.Open(database.ConnectionString);
        Assert.Equal(PostgresSql.SchemaVersion, await TestPostgres.Scalar(connection, "SELECT MAX(version) FROM schema_version"));
        Assert.Equal(
            string.Join(",", PostgresSql.Migrations.Select(migration => migration.Name)),
            await TestPostgres.Scalar(connection, "SELECT string_agg(name, ',' ORDER BY version) FROM schema_version"));
    }

    [Fact]
    public async Task NodesInitializingAFreshDatabaseAtOnceApplyEachMigrationExactlyOnce()
    {
        var fresh = await database.CreateDatabase();
        var stores = Enumerable.Range(0, 4).Select(_ => PostgresDatabaseFixture.OpenStore(fresh)).ToList();
        try
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var starting = stores.Select(store => Task.Run(async () =>
            {
                await start.Task;
                await store.Initialize();
            })).ToArray();
            start.SetResult();
            await Task.WhenAll(starting);
        }
        finally
        {
            foreach (var store in stores)
            {
                await store.DisposeAsync();
            }
        }

        await using var connection = await TestPostgres.Open(fresh);
        Assert.Equal(PostgresSql.SchemaVersion, await TestPostgres.Scalar(connection, "SELECT MAX(version) FROM schema_version"));
        Assert.Equal((long)PostgresSql.Migrations.Count, await TestPostgres.Scalar(connection, "SELECT COUNT(*) FROM schema_version"));
        Assert.Equal(0L, await TestPostgres.Scalar(connection, "SELECT COUNT(*) FROM incident_events"));
    }

    [Fact]
    public async Task ADatabaseAtANewerSchemaVersionStopsInitializationNamingBothVersions()
    {
        var fresh = await database.CreateDatabase();
        await using (var store = PostgresDatabaseFixture.OpenStore(fresh))
        {
            await store.Initialize();
        }

        await using (var connection = await TestPostgres.Open(fresh))
        {
            await TestPostgres.Scalar(connection, "INSERT INTO schema_version (version, name, applied_at) VALUES (999, '0999_future.sql', now())");
        }

        await using var older = PostgresDatabaseFixture.OpenStore(fresh);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => older.Initialize());
        Assert.Contains($"schema version 999, newer than the {PostgresSql.SchemaVersion} this build knows", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheEmbeddedMigrationsAreExactlyTheFilesUnderDeployPostgres()
    {
        var folder = Path.Combine(RepositoryRoot(), "deploy", "postgres");
        var files = Directory.GetFiles(folder, "*.sql").Order(StringComparer.Ordinal).ToList();

        Assert.Equal(files.Select(Path.GetFileName), PostgresSql.Migrations.Select(migration => migration.Name));
        Assert.Equal(files.Select(File.ReadAllText), PostgresSql.Migrations.Select(migration => migration.Sql));
        Assert.Equal(Enumerable.Range(1, files.Count), PostgresSql.Migrations.Select(migration => migration.Version));
    }

    [Theory]
    [InlineData(PostgresSql.ReadEvents, "incident_events_pkey")]
    [InlineData(PostgresSql.ReadCurrentVersions, "incident_events_pkey")]
    [InlineData(PostgresSql.ReadOpenInGrid, "ix_incident_projection_grid_open")]
    [InlineData(PostgresSql.ReadOpenAssignedTo, "ix_incident_projection_unit_open")]
    [InlineData(PostgresSql.CountUnderPrefix, "ix_incident_projection_grid_state_category")]
    [InlineData(PostgresSql.ReadRemindersInRange, "ix_reminders_service_hash")]
    [InlineData(PostgresSql.ReadRemindersInWrappedRange, "ix_reminders_service_hash")]
    [InlineData(PostgresSql.ReadGrainState, "grain_state_pkey")]
    public async Task HotQueriesSearchAnIndexRatherThanScanTheTable(string sql, string expectedIndex)
    {
        await using var connection = await TestPostgres.Open(database.ConnectionString);

        // The tables are nearly empty, where a scan is cheapest: rule scans out to see whether an
        // index serves the query at all, which is what holds once the tables are large.
        await TestPostgres.Scalar(connection, "SET enable_seqscan = off");
        await using var command = new NpgsqlCommand("EXPLAIN " + sql, connection);
        foreach (var name in Regex.Matches(sql, @"@(\w+)").Select(match => match.Groups[1].Value).Distinct())
        {
            command.Parameters.AddWithValue(name, SampleValue(name));
        }

        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        var text = string.Join('\n', plan);
        Assert.Matches($@"Index (Only )?Scan using {expectedIndex}|Bitmap Index Scan on {expectedIndex}", text);
        Assert.DoesNotContain("Seq Scan", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AServerThatRefusesConnectionsSurfacesAsStoreUnavailableNamingHostAndPort()
    {
        var port = ClosedLoopbackPort();
        var nowhere = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Host = "127.0.0.1", Port = port, Timeout = 5 }.ConnectionString;
        await using var store = PostgresDatabaseFixture.OpenStore(nowhere);
        var at = DateTimeOffset.UtcNow;

        var calls = new Func<Task>[]
        {
            () => store.Initialize(),
            () => store.ReadEvents("incident-1"),
            () => store.Append("incident-1", 0, [Event(1, "Reported", "{}", at)], new IncidentProjection("incident-1", "510802001001001", 1, "Reported", "road", true, "{}", at)),
            () => store.WriteGrainState("unit", "unit-1", [1], null),
            () => store.ReadRemindersInRange("service", 0, 0),
        };
        foreach (var call in calls)
        {
            var unavailable = await Assert.ThrowsAsync<StoreUnavailableException>(call);
            Assert.Contains($"127.0.0.1:{port}", unavailable.Message, StringComparison.Ordinal);
            Assert.Equal($"PostgreSQL at 127.0.0.1:{port} (database {new NpgsqlConnectionStringBuilder(nowhere).Database})", unavailable.Server);
            // The driver's exception is logged by the store, not attached: this exception crosses
            // silos, and Orleans has no codec for Npgsql's exceptions.
            Assert.Null(unavailable.InnerException);
        }
    }

    [Fact]
    public async Task AnAppendOnABrokenConnectionIsNotAcknowledgedNorWrittenAndSucceedsWhenRetried()
    {
        var application = $"rol-broken-{Guid.NewGuid():N}";
        await using var store = PostgresDatabaseFixture.OpenStore(WithApplicationName(application));
        await store.Initialize();
        var incidentId = $"incident-{Guid.NewGuid():N}";
        var at = DateTimeOffset.UtcNow;
        var reported = Event(1, "Reported", "{}", at);
        var projection = new IncidentProjection(incidentId, "510802001001001", 1, "Reported", "road", true, "{}", at);
        Assert.Empty(await store.ReadEvents(incidentId));

        Assert.True(await TerminateSessionsOf(application) > 0, "The store kept no pooled connection to break.");
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.Append(incidentId, 0, [reported], projection));

        await using (var connection = await TestPostgres.Open(database.ConnectionString))
        {
            Assert.Equal(0L, await TestPostgres.Scalar(connection, "SELECT COUNT(*) FROM incident_events WHERE incident_id = @id", ("id", incidentId)));
        }

        Assert.True(await store.Append(incidentId, 0, [reported], projection));
        Assert.Equal([reported], await store.ReadEvents(incidentId));
    }

    [Fact]
    public async Task AReadOnABrokenConnectionSurfacesAsStoreUnavailableAndTheNextReadReconnects()
    {
        var application = $"rol-broken-{Guid.NewGuid():N}";
        await using var store = PostgresDatabaseFixture.OpenStore(WithApplicationName(application));
        var grainId = $"unit-{Guid.NewGuid():N}";
        var eTag = await store.WriteGrainState("unit", grainId, [1, 2], null);

        Assert.True(await TerminateSessionsOf(application) > 0, "The store kept no pooled connection to break.");

        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.ReadGrainState("unit", grainId));
        var reread = await store.ReadGrainState("unit", grainId);
        Assert.NotNull(reread);
        Assert.Equal([1, 2], reread.Payload);
        Assert.Equal(eTag, reread.ETag);
    }

    /// <summary>
    /// After a server restart every idle pooled connection is dead. Npgsql empties its pool when it
    /// finds one broken, so one call fails rather than one per pooled connection; the store relies
    /// on that to resume by itself, and this holds the driver to it.
    /// </summary>
    [Fact]
    public async Task WhenTheServerDropsEveryPooledConnectionOnlyTheFirstCallFails()
    {
        var application = $"rol-restart-{Guid.NewGuid():N}";
        await using var store = PostgresDatabaseFixture.OpenStore(WithApplicationName(application));
        var grainIds = Enumerable.Range(0, 3).Select(_ => $"unit-{Guid.NewGuid():N}").ToList();
        var eTags = new List<string>();
        foreach (var grainId in grainIds)
        {
            eTags.Add(await store.WriteGrainState("unit", grainId, [1], null));
        }

        // Three writes held up at once by another session's row locks make the pool hold three connections.
        await using (var otherNode = await TestPostgres.Open(database.ConnectionString))
        {
            await using var locks = await otherNode.BeginTransactionAsync();
            await using (var lockRows = new NpgsqlCommand("SELECT 1 FROM grain_state WHERE grain_id = ANY(@ids) FOR UPDATE", otherNode, locks))
            {
                lockRows.Parameters.AddWithValue("ids", grainIds.ToArray());
                await lockRows.ExecuteNonQueryAsync();
            }

            var writes = grainIds.Select((grainId, index) => store.WriteGrainState("unit", grainId, [2], eTags[index])).ToArray();
            await WaitUntilSessionsOfWaitOnALock(application, count: 3);
            await locks.RollbackAsync();
            await Task.WhenAll(writes).WaitAsync(SignalTimeout);
        }

        Assert.Equal(3, await TerminateSessionsOf(application));

        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.ReadGrainState("unit", grainIds[0]));
        foreach (var grainId in grainIds)
        {
            Assert.Equal([2], (await store.ReadGrainState("unit", grainId))!.Payload);
        }
    }

    [Fact]
    public async Task AnAppendThatRacesAWriterOnAnotherNodeReturnsFalseAndItsBatchCompanionsAreStillWritten()
    {
        var application = $"rol-race-{Guid.NewGuid():N}";
        await using var store = PostgresDatabaseFixture.OpenStore(WithApplicationName(application));
        var contested = $"incident-{Guid.NewGuid():N}";
        var companion = $"incident-{Guid.NewGuid():N}";
        var gridCode = $"9{Random.Shared.Next(10_000_000, 99_999_999)}000001";
        var at = DateTimeOffset.UtcNow;

        // The other node's append: its version 1 is inserted but not yet committed, so this store
        // reads version 0, accepts its own append and then has to wait on the key.
        await using var otherNode = await TestPostgres.Open(database.ConnectionString);
        await using var otherTransaction = await otherNode.BeginTransactionAsync();
        await using (var insert = new NpgsqlCommand(
            $"INSERT INTO incident_events (incident_id, version, type, payload, recorded_at, previous_hash, hash) VALUES (@id, 1, 'Reported', '{{\"node\":\"other\"}}', @at, '{AuditChain.Genesis}', '{AuditChain.Genesis}')",
            otherNode,
            otherTransaction))
        {
            insert.Parameters.AddWithValue("id", contested);
            insert.Parameters.AddWithValue("at", at.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            await insert.ExecuteNonQueryAsync();
        }

        var contestedAppend = store.Append(
            contested, 0, [Event(1, "Reported", """{"node":"this"}""", at)], new IncidentProjection(contested, gridCode, 1, "Reported", "road", true, "{}", at));
        var companionAppend = store.Append(
            companion, 0, [Event(1, "Reported", "{}", at)], new IncidentProjection(companion, gridCode, 1, "Reported", "road", true, "{}", at));
        await WaitUntilSessionsOfWaitOnALock(application);
        await otherTransaction.CommitAsync();

        Assert.False(await contestedAppend.WaitAsync(SignalTimeout));
        Assert.True(await companionAppend.WaitAsync(SignalTimeout));
        Assert.Equal("""{"node":"other"}""", Assert.Single(await store.ReadEvents(contested)).Payload);
        Assert.Single(await store.ReadEvents(companion));
        Assert.Equal([companion], (await store.ReadOpenInGrid(gridCode)).Select(projection => projection.IncidentId));
    }

    [Fact]
    public async Task OfConcurrentAppendsFromTwoNodesAtOneExpectedVersionExactlyOneSucceeds()
    {
        await using var first = database.OpenStore();
        await using var second = database.OpenStore();
        var nodes = new[] { first, second };
        var incidentId = $"incident-{Guid.NewGuid():N}";
        var gridCode = $"8{Random.Shared.Next(10_000_000, 99_999_999)}000001";
        var at = DateTimeOffset.UtcNow;

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racers = Enumerable.Range(0, 16).Select(writer => Task.Run(async () =>
        {
            await start.Task;
            return (Writer: writer, Appended: await nodes[writer % 2].Append(
                incidentId,
                0,
                [Event(1, "Reported", $$"""{"writer":{{writer}}}""", at)],
                new IncidentProjection(incidentId, gridCode, 1, "Reported", $"category-{writer}", true, "{}", at)));
        })).ToArray();
        start.SetResult();
        var outcomes = await Task.WhenAll(racers);

        var winner = Assert.Single(outcomes, outcome => outcome.Appended);
        Assert.Equal($$"""{"writer":{{winner.Writer}}}""", Assert.Single(await first.ReadEvents(incidentId)).Payload);
        Assert.Equal($"category-{winner.Writer}", Assert.Single(await second.ReadOpenInGrid(gridCode)).Category);
    }

    /// <summary>The schema exactly as 0001 left it: that file applied and recorded, nothing after.</summary>
    protected override int SchemaVersion => PostgresSql.SchemaVersion;

    protected override async Task<string> CreateDatabaseAtSchemaVersion1()
    {
        var fresh = await database.CreateDatabase();
        var first = PostgresSql.Migrations[0];
        await ScalarAt(fresh, PostgresSql.CreateSchemaVersionTable);
        await ScalarAt(fresh, first.Sql);
        await ScalarAt(fresh, PostgresSql.RecordSchemaVersion, ("@version", first.Version), ("@name", first.Name), ("@applied_at", DateTimeOffset.UtcNow));
        return fresh;
    }

    protected override IRuleOfLawStore OpenStoreAt(string database) => PostgresDatabaseFixture.OpenStore(database);

    protected override async Task<object?> ScalarAt(string database, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await TestPostgres.Open(database);
        return await TestPostgres.Scalar(connection, sql, parameters);
    }

    private string WithApplicationName(string application) =>
        new NpgsqlConnectionStringBuilder(database.ConnectionString) { ApplicationName = application }.ConnectionString;

    /// <summary>Ends every server session of one store, as a server restart or a network cut would.</summary>
    private async Task<int> TerminateSessionsOf(string application)
    {
        await using var connection = await TestPostgres.Open(database.ConnectionString);
        await using var command = new NpgsqlCommand(
            "SELECT COUNT(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = @application", connection);
        command.Parameters.AddWithValue("application", application);
        var terminated = (int)(long)(await command.ExecuteScalarAsync())!;

        // pg_terminate_backend only signals: wait until the sessions are gone.
        var gone = await WaitFor(
            connection,
            "SELECT COUNT(*) = 0 FROM pg_stat_activity WHERE application_name = @application",
            application);
        Assert.True(gone, $"The sessions of {application} did not end within {SignalTimeout.TotalSeconds:0} s.");
        return terminated;
    }

    private async Task WaitUntilSessionsOfWaitOnALock(string application, int count = 1)
    {
        await using var connection = await TestPostgres.Open(database.ConnectionString);
        var waiting = await WaitFor(
            connection,
            $"SELECT COUNT(*) >= {count} FROM pg_stat_activity WHERE application_name = @application AND wait_event_type = 'Lock'",
            application);
        Assert.True(waiting, $"Fewer than {count} sessions of {application} waited on a lock within {SignalTimeout.TotalSeconds:0} s.");
    }

    private static async Task<bool> WaitFor(NpgsqlConnection connection, string condition, string application)
    {
        using var timeout = new CancellationTokenSource(SignalTimeout);
        while (!timeout.IsCancellationRequested)
        {
            if ((bool)(await TestPostgres.Scalar(connection, condition, ("application", application)))!)
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }

        return false;
    }

    private static object SampleValue(string parameter) => parameter switch
    {
        "incident_ids" => new[] { "incident-1", "incident-2" },
        "group_length" => 9,
        "begin_hash" => 1_000L,
        "end_hash" => 2_000L,
        "prefix" => "510802",
        "prefix_end" => "510803",
        _ => $"{parameter}-1",
    };

    /// <summary>A loopback port nothing listens on: taken from the system, then let go.</summary>
    private static int ClosedLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "RuleOfLaw.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds RuleOfLaw.sln.");
    }
}
