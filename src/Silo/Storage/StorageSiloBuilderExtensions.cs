using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Configuration;
using Orleans.Storage;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.Grains.Positions;

namespace RuleOfLaw.Silo.Storage;

public static class StorageSiloBuilderExtensions
{
    /// <summary>
    /// Puts the project's own store under the silo: incident events, grain state (as the "Default"
    /// provider and as <see cref="RuleOfLawGrainStorage.ProviderName"/>), reminders and position tracks, in the dialect
    /// that <c>Storage:Provider</c> selects: the SQLite file named by the <c>Storage</c> section
    /// (default) or the PostgreSQL database of <c>ConnectionStrings:RuleOfLaw</c>. Only the selected
    /// store is registered. The schema is created or migrated at silo start.
    /// </summary>
    public static ISiloBuilder AddRuleOfLawStorage(this ISiloBuilder builder)
    {
        var services = builder.Services;
        var choice = StorageChoice.Read(builder.Configuration);

        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        if (choice.Provider == StorageProvider.PostgreSql)
        {
            services.AddSingleton(provider => new PostgresStore(
                choice.ConnectionString!, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<PostgresStore>>()));
            services.AddSingleton<IRuleOfLawStore>(provider => provider.GetRequiredService<PostgresStore>());
            services.AddSingleton<IPositionStore>(_ => new PostgresPositionStore(choice.ConnectionString!));
        }
        else
        {
            services.AddSingleton<SqliteStore>();
            services.AddSingleton<IRuleOfLawStore>(provider => provider.GetRequiredService<SqliteStore>());
            services.AddSingleton<IPositionStore, SqlitePositionStore>();
        }

        services.AddSingleton<IIncidentStore>(provider => provider.GetRequiredService<IRuleOfLawStore>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, StorageInitializer>();

        // Orleans resolves grain storage as a keyed IGrainStorage by provider name; AddGrainStorage
        // also makes the "Default" one the unkeyed IGrainStorage that unnamed states fall back to.
        services.AddGrainStorage(
            RuleOfLawGrainStorage.ProviderName,
            (provider, name) => ActivatorUtilities.CreateInstance<RuleOfLawGrainStorage>(provider, name));
        services.AddGrainStorage(
            ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME,
            (provider, _) => provider.GetRequiredKeyedService<IGrainStorage>(RuleOfLawGrainStorage.ProviderName));

        // The reminder service (LocalReminderService) asks DI for the one IReminderTable.
        builder.AddReminders();
        services.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = DurableWake.RepeatPeriod);
        services.AddSingleton<RuleOfLawReminderTable>();
        services.AddSingleton<IReminderTable>(provider => provider.GetRequiredService<RuleOfLawReminderTable>());

        return builder;
    }
}
