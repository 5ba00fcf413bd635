using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Silo.Storage;

namespace RuleOfLaw.Silo.Hosting;

/// <summary>
/// <c>RuleOfLaw.Silo migrate [--Key value …]</c>: brings the configured store's schema to this build's
/// version and exits, for operators who apply migrations before they roll out nodes (a node also
/// does it at start). It reads configuration exactly as a node does, so the same settings reach
/// the same database. Problems come out as one line on stderr and a non-zero exit.
/// </summary>
public static class MigrateCommand
{
    public const string Name = "migrate";

    public static async Task<int> Run(string[] args)
    {
        var configuration = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory }).Configuration;
        if (!StorageChoice.TryRead(configuration, out var choice, out var error))
        {
            await Console.Error.WriteLineAsync($"Cannot migrate: {error}");
            return 1;
        }

        var store = choice.Describe(configuration);
        try
        {
            foreach (var line in choice.Provider == StorageProvider.PostgreSql
                ? await MigratePostgres(choice.ConnectionString!)
                : await MigrateSqlite(configuration))
            {
                Console.WriteLine(line);
            }

            return 0;
        }
        catch (StoreUnavailableException exception)
        {
            await Console.Error.WriteLineAsync($"Cannot migrate: {exception.Message}");
        }
        catch (PostgresException exception)
        {
            await Console.Error.WriteLineAsync($"Cannot migrate {store}: {exception.SqlState} {exception.MessageText}");
        }
        catch (InvalidOperationException exception)
        {
            await Console.Error.WriteLineAsync($"Cannot migrate {store}: {exception.Message}");
        }

        return 1;
    }

    private static async Task<IEnumerable<string>> MigratePostgres(string connectionString)
    {
        await using var store = new PostgresStore(connectionString, TimeProvider.System, NullLogger<PostgresStore>.Instance);
        var migration = await store.Migrate();
        return migration.Applied.Count == 0
            ? [$"{store.Server} is at schema version {migration.ToVersion}; nothing to apply."]
            :
            [
                .. migration.Applied.Select(name => $"Applied {name} to {store.Server}."),
                $"{store.Server} is now at schema version {migration.ToVersion} (was {migration.FromVersion}).",
            ];
    }

    /// <summary>The embedded file migrates itself at start too; doing it here lets an operator check a data folder.</summary>
    private static async Task<IEnumerable<string>> MigrateSqlite(IConfiguration configuration)
    {
        var options = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        using var store = new SqliteStore(Options.Create(options), TimeProvider.System, NullLogger<SqliteStore>.Instance);
        await store.Initialize();
        return [$"SQLite database {store.DatabasePath} is at schema version {SqliteSql.SchemaVersion}."];
    }
}
