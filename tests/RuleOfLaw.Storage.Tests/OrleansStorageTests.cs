using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Storage;
using Orleans.TestingHost;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.Silo.Storage;

namespace RuleOfLaw.Storage.Tests;

/// <summary>
/// One in-process silo configured the way the composition root does it (<c>AddRuleOfLawStorage</c>
/// and the <c>Storage</c> configuration section), over a SQLite file in a temp folder. The test
/// cluster picks free ports and gets a unique cluster id.
/// </summary>
public sealed class StorageClusterFixture : IAsyncLifetime
{
    private readonly TemporaryFolder _folder = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IServiceProvider SiloServices => Cluster.Silos[0].ServiceProvider;

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ClusterId = $"storage-tests-{Guid.NewGuid():N}";
        builder.Options.ServiceId = $"storage-tests-{Guid.NewGuid():N}";
        builder.ConfigureSiloHost((_, host) =>
            host.Configuration[$"{StorageOptions.SectionName}:{nameof(StorageOptions.DataDirectory)}"] = _folder.Path);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddRuleOfLawStorage();

            // Orleans' one-minute floor guards production; a test waits one second instead.
            silo.Services.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _folder.Dispose();
    }
}

public sealed class OrleansStorageTests(StorageClusterFixture fixture) : IClassFixture<StorageClusterFixture>
{
    private static readonly TimeSpan SignalTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void TheSiloStoresGrainStateIncidentsAndRemindersInTheProjectsStore()
    {
        var services = fixture.SiloServices;

        Assert.IsType<RuleOfLawGrainStorage>(services.GetRequiredKeyedService<IGrainStorage>("Default"));
        Assert.IsType<RuleOfLawGrainStorage>(services.GetRequiredKeyedService<IGrainStorage>(RuleOfLawGrainStorage.ProviderName));
        Assert.IsType<RuleOfLawReminderTable>(services.GetRequiredService<IReminderTable>());
        Assert.Same(services.GetRequiredService<IRuleOfLawStore>(), services.GetRequiredService<IIncidentStore>());
        var store = Assert.IsType<SqliteStore>(services.GetRequiredService<IRuleOfLawStore>());
        Assert.StartsWith(Path.GetTempPath(), store.DatabasePath, StringComparison.Ordinal);
        Assert.True(File.Exists(store.DatabasePath));
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
