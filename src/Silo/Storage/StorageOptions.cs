namespace RuleOfLaw.Silo.Storage;

/// <summary>Which dialect of the project's store a node runs on.</summary>
public enum StorageProvider
{
    /// <summary>One SQLite file under the data folder: a single embedded node, no server to run.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database shared by every node: production.</summary>
    PostgreSql,
}

/// <summary>
/// Where the store keeps its data; bound from the <c>Storage</c> configuration section. The
/// PostgreSQL connection string is not here but under <c>ConnectionStrings:RuleOfLaw</c>, where
/// .NET tooling and secret stores look for connection strings.
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>The name under <c>ConnectionStrings</c> of the PostgreSQL connection string.</summary>
    public const string ConnectionStringName = "RuleOfLaw";

    /// <summary>The configuration key of the PostgreSQL connection string.</summary>
    public const string ConnectionStringKey = $"ConnectionStrings:{ConnectionStringName}";

    /// <summary>The configuration key of <see cref="Provider"/>.</summary>
    public const string ProviderKey = $"{SectionName}:{nameof(Provider)}";

    /// <summary>The dialect; the embedded SQLite file unless configured otherwise.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>The data folder; relative paths resolve against the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The SQLite database file inside <see cref="DataDirectory"/>.</summary>
    public string FileName { get; set; } = "rule-of-law.db";

    /// <summary>The SQLite file of position tracks inside <see cref="DataDirectory"/>: apart from the cases, so it never takes their write lock.</summary>
    public string PositionsFileName { get; set; } = "rule-of-law-positions.db";

    /// <summary>
    /// How long a writer waits for another writer's transaction before failing. SQLite admits one
    /// writer at a time, so this bounds queueing under load rather than normal latency.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The absolute path of the database file.</summary>
    public string DatabasePath => Path.GetFullPath(Path.Combine(DataDirectory, FileName));
}
