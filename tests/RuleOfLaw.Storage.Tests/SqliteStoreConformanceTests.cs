using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using RuleOfLaw.Silo.Storage;

namespace RuleOfLaw.Storage.Tests;

/// <summary>One SQLite file in a temp folder for the whole class; the folder goes when the class is done.</summary>
public sealed class SqliteDatabaseFixture : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public SqliteDatabaseFixture() => Options = new StorageOptions { DataDirectory = _folder.Path };

    public StorageOptions Options { get; }

    public SqliteStore OpenStore() => OpenStore(Options);

    public static SqliteStore OpenStore(StorageOptions options) =>
        new(Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System, NullLogger<SqliteStore>.Instance);

    /// <summary>Another database file in a folder of its own, removed with the class's.</summary>
    public StorageOptions CreateDatabase() =>
        new() { DataDirectory = Path.Combine(_folder.Path, Guid.NewGuid().ToString("N")) };

    public void Dispose() => _folder.Dispose();
}

public sealed class SqliteStoreConformanceTests(SqliteDatabaseFixture database)
    : StoreConformanceTests(database.OpenStore), IClassFixture<SqliteDatabaseFixture>
{
    [Fact]
    public async Task TheDatabaseRunsInWriteAheadLogModeAtTheCurrentSchemaVersion()
    {
        await using var connection = new SqliteConnection($"Data Source={database.Options.DatabasePath};Pooling=False");
        await connection.OpenAsync();

        Assert.Equal("wal", await Scalar(connection, "PRAGMA journal_mode;"));
        Assert.Equal((long)SqliteSql.SchemaVersion, await Scalar(connection, "SELECT MAX(version) FROM schema_version;"));
        Assert.Equal((long)SqliteSql.Migrations.Count, await Scalar(connection, "SELECT COUNT(*) FROM schema_version;"));
    }

    /// <summary>The schema exactly as version 1 left it: its migration applied and recorded, nothing after.</summary>
    protected override int SchemaVersion => SqliteSql.SchemaVersion;

    protected override async Task<string> CreateDatabaseAtSchemaVersion1()
    {
        var options = database.CreateDatabase();
        Directory.CreateDirectory(options.DataDirectory);
        var (version, sql) = SqliteSql.Migrations[0];
        await ScalarAt(options.DataDirectory, SqliteSql.CreateSchemaVersionTable);
        await ScalarAt(options.DataDirectory, sql);
        await ScalarAt(options.DataDirectory, SqliteSql.RecordSchemaVersion, ("@version", version), ("@applied_at", DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture)));
        return options.DataDirectory;
    }

    protected override IRuleOfLawStore OpenStoreAt(string database) =>
        SqliteDatabaseFixture.OpenStore(new StorageOptions { DataDirectory = database });

    protected override async Task<object?> ScalarAt(string database, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new SqliteConnection($"Data Source={new StorageOptions { DataDirectory = database }.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteScalarAsync();
    }

    [Theory]
    [InlineData(
        SqliteSql.CountUnderPrefix,
        "SEARCH incident_projection USING COVERING INDEX ix_incident_projection_grid_state_category (grid_code>? AND grid_code<?)")]
    [InlineData(
        SqliteSql.ReadOpenInGrid,
        "SEARCH incident_projection USING INDEX ix_incident_projection_grid_open (grid_code=? AND is_open=?)")]
    [InlineData(
        SqliteSql.ReadRemindersInRange,
        "SEARCH reminders USING INDEX ix_reminders_service_hash (service_id=? AND grain_hash>? AND grain_hash<?)")]
    public async Task HotQueriesSearchAnIndexRatherThanScanTheTable(string sql, string expectedSearch)
    {
        await using var connection = new SqliteConnection($"Data Source={database.Options.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var name in Regex.Matches(sql, @"@\w+").Select(match => match.Value).Distinct())
        {
            command.Parameters.AddWithValue(name, "1");
        }

        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(3));
        }

        Assert.Contains(expectedSearch, plan);
    }

    private static async Task<object?> Scalar(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
