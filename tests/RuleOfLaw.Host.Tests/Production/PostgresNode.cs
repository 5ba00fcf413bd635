using RuleOfLaw.Host.Tests.Infrastructure;
using RuleOfLaw.Silo.Storage;
using RuleOfLaw.Tests.Shared;

namespace RuleOfLaw.Host.Tests.Production;

/// <summary>
/// A node in production storage mode: <c>Storage:Provider=PostgreSql</c> over a fresh database of
/// the test server, dropped when the node's tests are done. It keeps its own data folder too, so a
/// test can show that nothing durable went there.
/// </summary>
public sealed class PostgresNode : NodeProcess, IAsyncLifetime
{
    public PostgresNode()
        : this(TestPostgres.CreateDatabase("node").GetAwaiter().GetResult())
    {
    }

    private PostgresNode(string connectionString)
        : base($"--{StorageOptions.ProviderKey}", nameof(StorageProvider.PostgreSql), $"--{StorageOptions.ConnectionStringKey}", connectionString)
    {
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    // Re-implemented so that the database outlives the node process and is dropped after it.
    Task IAsyncLifetime.InitializeAsync() => InitializeAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await TestPostgres.DropDatabase(ConnectionString);
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresNodeCollection : ICollectionFixture<PostgresNode>
{
    public const string Name = "PostgreSQL node";
}
