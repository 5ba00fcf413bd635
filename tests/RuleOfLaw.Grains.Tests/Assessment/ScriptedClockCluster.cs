using Microsoft.Extensions.DependencyInjection;

namespace RuleOfLaw.Grains.Tests.Assessment;

/// <summary>
/// A clock whose "now" the test sets, so a replayed history lands on the days it is written for.
/// Only <see cref="GetUtcNow"/> is scripted: timers and timestamps keep running on real time, so
/// Orleans' own timers (roll-ups, reminders) behave as on any node.
/// </summary>
public sealed class ScriptedClock : TimeProvider
{
    private DateTimeOffset? _now;

    public DateTimeOffset? Now
    {
        get => _now;
        set => _now = value;
    }

    public override DateTimeOffset GetUtcNow() => _now?.ToUniversalTime() ?? base.GetUtcNow();
}

/// <summary>The node's cluster with the scripted clock as every grain's <see cref="TimeProvider"/>.</summary>
public sealed class ScriptedClockClusterFixture : ClusterFixture
{
    public ScriptedClock Clock { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
}

/// <summary>
/// Run alone: hundreds of reports would otherwise land in the process-wide meter another
/// collection's test counts exactly.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ScriptedClockClusterCollection : ICollectionFixture<ScriptedClockClusterFixture>
{
    public const string Name = "cluster on a scripted clock";
}
