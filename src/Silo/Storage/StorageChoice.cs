using System.Diagnostics.CodeAnalysis;
using Npgsql;

namespace RuleOfLaw.Silo.Storage;

/// <summary>
/// The store a node's configuration selects (<c>Storage:Provider</c>, and for PostgreSQL
/// <c>ConnectionStrings:RuleOfLaw</c>), read and checked before anything starts so that a wrong
/// setting stops the node with one line that names it.
/// </summary>
public sealed record StorageChoice(StorageProvider Provider, string? ConnectionString)
{
    /// <summary>Reads the choice; false with a one-line error naming the setting when it is unusable.</summary>
    public static bool TryRead(
        IConfiguration configuration,
        [NotNullWhen(true)] out StorageChoice? choice,
        [NotNullWhen(false)] out string? error)
    {
        choice = null;
        var configured = configuration[StorageOptions.ProviderKey];
        var provider = StorageProvider.Sqlite;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            // By name only: Enum.TryParse would also take "1" or "0, 1".
            var name = Enum.GetNames<StorageProvider>().FirstOrDefault(name => string.Equals(name, configured.Trim(), StringComparison.OrdinalIgnoreCase));
            if (name is null)
            {
                error = $"{StorageOptions.ProviderKey} is '{configured}'; it must be {string.Join(" or ", Enum.GetNames<StorageProvider>())}.";
                return false;
            }

            provider = Enum.Parse<StorageProvider>(name);
        }

        if (provider == StorageProvider.Sqlite)
        {
            choice = new StorageChoice(provider, null);
            error = null;
            return true;
        }

        var connectionString = configuration[StorageOptions.ConnectionStringKey];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            error = $"{StorageOptions.ProviderKey} is {provider} but {StorageOptions.ConnectionStringKey} is not set "
                + $"(e.g. environment ConnectionStrings__{StorageOptions.ConnectionStringName}=\"Host=db;Port=5432;Database=ruleoflaw;Username=ruleoflaw;Password=…\").";
            return false;
        }

        try
        {
            PostgresStore.ConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException exception)
        {
            error = $"{StorageOptions.ConnectionStringKey} is not a valid PostgreSQL connection string: {exception.Message}";
            return false;
        }

        choice = new StorageChoice(provider, connectionString);
        error = null;
        return true;
    }

    /// <summary>Reads the choice or throws with the same message <see cref="TryRead"/> gives.</summary>
    public static StorageChoice Read(IConfiguration configuration) =>
        TryRead(configuration, out var choice, out var error) ? choice : throw new InvalidOperationException(error);

    /// <summary>How the chosen store is named in messages: the database file or the server, never credentials.</summary>
    public string Describe(IConfiguration configuration) => Provider switch
    {
        StorageProvider.PostgreSql => PostgresStore.Describe(PostgresStore.ConnectionStringBuilder(ConnectionString!)),
        _ => $"SQLite database {(configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions()).DatabasePath}",
    };

    /// <summary>
    /// Opens one connection to a configured server: null when it answers, else a one-line error
    /// naming host and port. The embedded file has nothing to reach.
    /// </summary>
    public async Task<string?> CheckReachable(CancellationToken cancellationToken = default)
    {
        if (Provider != StorageProvider.PostgreSql)
        {
            return null;
        }

        var builder = PostgresStore.ConnectionStringBuilder(ConnectionString!);
        await using var dataSource = NpgsqlDataSource.Create(builder);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            return null;
        }
        catch (Exception exception) when (PostgresStore.IsUnavailable(exception))
        {
            // A server that answered (wrong password, no such database) needs a different fix than one that did not.
            var problem = exception is PostgresException ? "refused the connection" : "is unreachable";
            return $"{PostgresStore.Describe(builder)} {problem}: {PostgresStore.Reason(exception)}. "
                + $"Check {StorageOptions.ConnectionStringKey} and that the server is running.";
        }
    }
}
