using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Storage;
using Orleans.TestingHost;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.Silo.Storage;
using RuleOfLaw.Tests.Shared;

namespace RuleOfLaw.Storage.Tests;

/// <summary>
/// One in-process silo configured the way the composition root does it (<c>AddRuleOfLawStorage</c>
/// and the <c>Storage</c> and <c>ConnectionStrings</c> configuration), over the store a subclass
/// prepares. The test cluster picks free ports and gets a unique cluster id.
/// </summary>
public abstract class StorageClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IServiceProvider SiloServices => Cluster.Silos[0].ServiceProvider;

    public async Task InitializeAsync()
    {
        var settings = await PrepareStorage();
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ClusterId = $"storage-tests-{Guid.NewGuid():N}";
        builder.Options.ServiceId = $"storage-tests-{Guid.NewGuid():N}";
        builder.ConfigureSiloHost((_, host) =>
        {
            foreach (var (key, value) in settings)
            {
                host.Configuration[key] = value;
            }
        });
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddRuleOfLawStorage();

            // Orleans' one-minute floor guards production; a test waits one second instead.
            silo.Services.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        });
        builder.LogToTestRun("storage-tests");
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        await CleanUpStorage();
    }

    /// <summary>Creates the store's home and returns the configuration that points the silo at it.</summary>
    protected abstract Task<IReadOnlyDictionary<string, string>> PrepareStorage();

    protected abstract Task CleanUpStorage();
}

/// <summary>The embedded default: a SQLite file in a temp folder.</summary>
public sealed class SqliteStorageClusterFixture : StorageClusterFixture
{
    private readonly TemporaryFolder _folder = new();

    protected override Task<IReadOnlyDictionary<string, string>> PrepareStorage() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>
        {
            [$"{StorageOptions.SectionName}:{nameof(StorageOptions.DataDirectory)}"] = _folder.Path,
        });

    protected override Task CleanUpStorage()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>Production: a fresh database on the test PostgreSQL server, dropped after.</summary>
public sealed class PostgresStorageClusterFixture : StorageClusterFixture
{
    public string ConnectionString { get; private set; } = null!;

    protected override async Task<IReadOnlyDictionary<string, string>> PrepareStorage()
    {
        ConnectionString = await TestPostgres.CreateDatabase("silo");
        return new Dictionary<string, string>
        {
            [StorageOptions.ProviderKey] = nameof(StorageProvider.PostgreSql),
            [StorageOptions.ConnectionStringKey] = ConnectionString,
        };
    }

    protected override async Task CleanUpStorage()
    {
        if (ConnectionString is not null)
        {
            await TestPostgres.DropDatabase(ConnectionString);
        }
    }
}

/// <summary>What the Orleans adapters do over any dialect; a subclass per dialect adds what it stores where.</summary>
public abstract class OrleansStorageTests(StorageClusterFixture fixture)
{
    private static readonly TimeSpan SignalTimeout = TimeSpan.FromSeconds(30);

    protected static void AssertTheProjectsStoreServesEveryOrleansProvider(IServiceProvider services)
    {
        Assert.IsType<RuleOfLawGrainStorage>(services.GetRequiredKeyedService<IGrainStorage>("Default"));
        Assert.IsType<RuleOfLawGrainStorage>(services.GetRequiredKeyedService<IGrainStorage>(RuleOfLawGrainStorage.ProviderName));
        Assert.IsType<RuleOfLawReminderTable>(services.GetRequiredService<IReminderTable>());
        Assert.Same(services.GetRequiredService<IRuleOfLawStore>(), services.GetRequiredService<IIncidentStore>());
    }

    [Fact]
    public void TheTestSiloListensOnFreePortsRatherThanOrleansDefaults()
    {
        var endpoints = fixture.SiloServices.GetRequiredService<IOptions<EndpointOptions>>().Value;

        Assert.NotEqual(EndpointOptions.DEFAULT_SILO_PORT, endpoints.SiloPort);
        Assert.NotEqual(EndpointOptions.DEFAULT_GATEWAY_PORT, endpoints.GatewayPort);
    }

    [Fact]
    public async Task AGrainsPersistentStateSurvivesReactivation()
    {
        var grain = fixture.Cluster.Client.GetGrain<IStateProbeGrain>($"probe-{Guid.NewGuid():N}");
        await grain.Save("井盖缺失, east gate");

        await fixture.Cluster.DeactivateAsync(grain);

        Assert.Equal("井盖缺失, east gate", await grain.Load());
        var stored = await fixture.SiloServices.GetRequiredService<IRuleOfLawStore>()
            .ReadGrainState(StateProbeGrain.StateName, grain.GetGrainId().ToString());
        Assert.NotNull(stored);
    }

    [Fact]
    public async Task ARegisteredReminderFiresAndIsRemovedFromTheStore()
    {
        var key = $"reminder-{Guid.NewGuid():N}";
        var grain = fixture.Cluster.Client.GetGrain<IReminderProbeGrain>(key);
        var fired = ReminderSignals.For(key);

        await grain.Arm(dueTime: TimeSpan.FromMilliseconds(200), period: TimeSpan.FromSeconds(1));

        var reminderName = await Awaited(fired.Task, $"reminder '{ReminderProbeGrain.ReminderName}' of grain {key} to fire");
        Assert.Equal(ReminderProbeGrain.ReminderName, reminderName);
        var serviceId = fixture.SiloServices.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId;
        Assert.Empty(await fixture.SiloServices.GetRequiredService<IRuleOfLawStore>()
            .ReadReminders(serviceId, grain.GetGrainId().ToString()));
    }

    private static async Task<T> Awaited<T>(Task<T> signal, string what)
    {
        try
        {
            return await signal.WaitAsync(SignalTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out after {SignalTimeout.TotalSeconds:0} s waiting for the {what}.");
        }
    }
}

public sealed class SqliteOrleansStorageTests(SqliteStorageClusterFixture fixture)
    : OrleansStorageTests(fixture), IClassFixture<SqliteStorageClusterFixture>
{
    private readonly SqliteStorageClusterFixture _cluster = fixture;

    [Fact]
    public void TheSiloStoresGrainStateIncidentsAndRemindersInTheSqliteFileOfTheDataFolder()
    {
        var services = _cluster.SiloServices;

        AssertTheProjectsStoreServesEveryOrleansProvider(services);
        var store = Assert.IsType<SqliteStore>(services.GetRequiredService<IRuleOfLawStore>());
        Assert.StartsWith(Path.GetTempPath(), store.DatabasePath, StringComparison.Ordinal);
        Assert.True(File.Exists(store.DatabasePath));
        Assert.Null(services.GetService<PostgresStore>());
    }
}

public sealed class PostgresOrleansStorageTests(PostgresStorageClusterFixture fixture)
    : OrleansStorageTests(fixture), IClassFixture<PostgresStorageClusterFixture>
{
    private readonly PostgresStorageClusterFixture _cluster = fixture;

    [Fact]
    public async Task WithProviderPostgreSqlTheSiloStoresEverythingInTheConfiguredDatabaseAndNothingInSqlite()
    {
        var services = _cluster.SiloServices;

        AssertTheProjectsStoreServesEveryOrleansProvider(services);
        var store = Assert.IsType<PostgresStore>(services.GetRequiredService<IRuleOfLawStore>());
        Assert.Null(services.GetService<SqliteStore>());
        var database = new Npgsql.NpgsqlConnectionStringBuilder(_cluster.ConnectionString).Database;
        Assert.EndsWith($"(database {database})", store.Server, StringComparison.Ordinal);

        var grain = _cluster.Cluster.Client.GetGrain<IStateProbeGrain>($"probe-{Guid.NewGuid():N}");
        await grain.Save("路灯不亮");
        await using var connection = await TestPostgres.Open(_cluster.ConnectionString);
        Assert.Equal(1L, await TestPostgres.Scalar(
            connection,
            "SELECT COUNT(*) FROM grain_state WHERE state_name = @state AND grain_id = @grain",
            ("state", StateProbeGrain.StateName),
            ("grain", grain.GetGrainId().ToString())));
    }

    [Fact]
    public void AStoreUnavailableExceptionCrossesSilosWithItsServerAndMessage()
    {
        var serializer = _cluster.SiloServices.GetRequiredService<Orleans.Serialization.Serializer>();
        var original = new StoreUnavailableException("PostgreSQL at 10.0.0.5:5432 (database ruleoflaw)", "Connection refused", null);

        var copy = serializer.Deserialize<Exception>(serializer.SerializeToArray<Exception>(original));

        var unavailable = Assert.IsType<StoreUnavailableException>(copy);
        Assert.Equal("PostgreSQL at 10.0.0.5:5432 (database ruleoflaw) is unavailable: Connection refused", unavailable.Message);
        Assert.Equal(original.Server, unavailable.Server);
    }
}
