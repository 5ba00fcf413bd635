using RuleOfLaw.Grains.Live;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Duplicates;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.Grains.Users;
using RuleOfLaw.Silo.Hosting;
using RuleOfLaw.Silo.Storage;
using RuleOfLaw.Tests.Shared;

namespace RuleOfLaw.Grains.Tests;

/// <summary>
/// Two in-process silos wired exactly like a node (<c>AddRuleOfLawGrains</c>) over one SQLite
/// file in a temp folder; free ports and a unique cluster id come from the test cluster.
/// </summary>
public class ClusterFixture : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"rol-grains-{Guid.NewGuid():N}");

    public InProcessTestCluster Cluster { get; private set; } = null!;

    /// <summary>Whether grains check each actor against their account (<see cref="ActorVerificationFilter"/>).</summary>
    protected virtual bool VerifiesActors => false;

    public IGrainFactory Grains => Cluster.Client;

    /// <summary>Services a derived fixture replaces in every silo, after the node's own registrations.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    public AreaDirectory Areas => Cluster.Silos[0].ServiceProvider.GetRequiredService<AreaDirectory>();

    public IIncidentStore Store => Cluster.Silos[0].ServiceProvider.GetRequiredService<IIncidentStore>();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataDirectory);
        var catalogue = CatalogueLoader.Load(CatalogueLoader.DefaultDirectory);
        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ClusterId = $"grains-tests-{Guid.NewGuid():N}";
        builder.Options.ServiceId = $"grains-tests-{Guid.NewGuid():N}";
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration[$"{StorageOptions.SectionName}:{nameof(StorageOptions.DataDirectory)}"] = _dataDirectory;

            // These tests count each case's events exactly; the platform's duplicate flag would race them.
            host.Configuration[$"{DuplicateOptions.Section}:{nameof(DuplicateOptions.FlagAtIntake)}"] = "false";
        });
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddRuleOfLawGrains(catalogue);

            // These tests speak for invented actors (As below); VerifiedClusterFixture keeps the check on.
            silo.Services.Configure<ActorVerificationOptions>(options => options.Enabled = VerifiesActors);

            // What a node's web layer would push to its connections, recorded per silo.
            silo.Services.AddSingleton<RecordingRelay>();
            silo.Services.AddSingleton<ILiveRelay>(provider => provider.GetRequiredService<RecordingRelay>());
            ConfigureServices(silo.Services);
        });
        builder.LogToTestRun("grains-tests");
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    /// <summary>A point strictly inside the grid, so the boundary rule cannot move it elsewhere.</summary>
    public (double Longitude, double Latitude) PointIn(string gridCode)
    {
        var point = Areas.Find(gridCode)!.Geometry.InteriorPoint;
        return (point.X, point.Y);
    }

    /// <summary>A grid of the demo district picked by index, so tests can spread over different grids.</summary>
    public string Grid(int index) => Areas.GridsUnder(DemoDistrictGenerator.DistrictCode)[index].Code.Value;

    /// <summary>Deactivates every grain on every silo, so the next call rebuilds from storage.</summary>
    public async Task DeactivateEverything()
    {
        var management = Grains.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
    }

    public static Actor As(Role role, string area = "510802", string? unit = null) =>
        new($"{role}-tester".ToLowerInvariant(), role, unit, AreaCode.Parse(area));

    public ReportIncident Report(string gridCode, string subcategory = "CG01", string description = "路边堆放生活垃圾约两立方米")
    {
        var (longitude, latitude) = PointIn(gridCode);
        return new ReportIncident(As(Role.GridWorker, gridCode), subcategory, description, longitude, latitude, null, IncidentSource.Patrol, false, ["photo/before.jpg"]);
    }

    /// <summary>Awaits a signal, failing with what was awaited when it does not come in time.</summary>
    public static async Task<T> Within<T>(Task<T> signal, string awaited, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(15);
        if (await Task.WhenAny(signal, Task.Delay(limit)) != signal)
        {
            Assert.Fail($"Timed out after {limit.TotalSeconds:0} s awaiting {awaited}.");
        }

        return await signal;
    }

    /// <summary>Polls a condition that becomes true through a coalescing timer, failing with what was awaited.</summary>
    public static async Task Eventually(Func<Task<bool>> condition, string awaited, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out awaiting {awaited}.");
            }

            await Task.Delay(50);
        }
    }
}

/// <summary>The same cluster with the grain-side actor check on, as every node runs it.</summary>
public sealed class VerifiedClusterFixture : ClusterFixture
{
    protected override bool VerifiesActors => true;
}

[CollectionDefinition(Name)]
public sealed class VerifiedClusterCollection : ICollectionFixture<VerifiedClusterFixture>
{
    public const string Name = "verified cluster";
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
