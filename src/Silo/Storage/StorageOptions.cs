namespace RuleOfLaw.Silo.Storage;

/// <summary>Where the embedded store keeps its database; bound from the <c>Storage</c> configuration section.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>The data folder; relative paths resolve against the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>The SQLite database file inside <see cref="DataDirectory"/>.</summary>
    public string FileName { get; set; } = "rule-of-law.db";

    /// <summary>
    /// How long a writer waits for another writer's transaction before failing. SQLite admits one
    /// writer at a time, so this bounds queueing under load rather than normal latency.
    /// </summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The absolute path of the database file.</summary>
    public string DatabasePath => Path.GetFullPath(Path.Combine(DataDirectory, FileName));
}
