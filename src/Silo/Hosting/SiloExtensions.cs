using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Clocks;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Duplicates;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.Grains.Live;
using RuleOfLaw.Grains.Positions;
using RuleOfLaw.Grains.Teams;
using RuleOfLaw.Grains.Users;
using RuleOfLaw.Silo.Storage;

namespace RuleOfLaw.Silo.Hosting;

/// <summary>Where a node's cluster identity and ports come from (section <c>Orleans</c>).</summary>
public sealed class ClusterSettings
{
    public const string Section = "Orleans";

    public string ClusterId { get; set; } = "ruleoflaw-embedded";

    public string ServiceId { get; set; } = "ruleoflaw";

    /// <summary>Not Orleans' default 11111, which other processes on a shared machine may hold.</summary>
    public int SiloPort { get; set; } = 11311;

    public int GatewayPort { get; set; } = 30311;

    /// <summary>Localhost (embedded, one node) or Redis (production, several nodes).</summary>
    public MembershipKind Membership { get; set; } = MembershipKind.Localhost;

    /// <summary>
    /// The address other nodes reach this one at (an IP or a host name); loopback when unset,
    /// which suits several nodes on one machine. Set it to the host's own address in production.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Listen on every interface rather than only the advertised address (containers behind NAT).</summary>
    public bool ListenOnAnyAddress { get; set; }
}

public static class SiloExtensions
{
    /// <summary>Section key of the catalogue's folder; defaults to the copy shipped beside the binary.</summary>
    public const string CatalogueDirectoryKey = "Catalogue:Directory";

    /// <summary>
    /// Adds the Orleans silo, its storage and the reference data every grain consults. The
    /// catalogue is loaded and validated here, before anything starts, so that a malformed file
    /// stops the node with a message naming file, row and field; likewise a storage setting that
    /// is wrong, or a configured database server that cannot be reached.
    /// </summary>
    public static bool TryAddRuleOfLawSilo(this WebApplicationBuilder builder, out string? error)
    {
        var directory = builder.Configuration[CatalogueDirectoryKey] ?? CatalogueLoader.DefaultDirectory;
        CatalogueBook catalogue;
        try
        {
            catalogue = CatalogueLoader.Load(directory);
        }
        catch (CatalogueException exception)
        {
            error = $"The catalogue in {directory} is malformed: {exception.Message}";
            return false;
        }

        if (!StorageChoice.TryRead(builder.Configuration, out var storage, out error))
        {
            return false;
        }

        // A configured server that does not answer stops the node here with one line naming it,
        // rather than failing the silo's lifecycle later with a stack trace.
        var cluster = builder.Configuration.GetSection(ClusterSettings.Section).Get<ClusterSettings>() ?? new ClusterSettings();
        var redis = builder.Configuration.GetConnectionString(Clustering.RedisConnectionStringName);
        error = storage.CheckReachable().GetAwaiter().GetResult()
            ?? Clustering.CheckReachable(cluster, redis).GetAwaiter().GetResult();
        if (error is not null)
        {
            return false;
        }

        builder.UseOrleans(silo =>
        {
            silo.UseRuleOfLawClustering(cluster, redis);
            silo.AddRuleOfLawGrains(catalogue);
            if (TelemetryExtensions.TracingEnabled(builder.Configuration))
            {
                silo.AddActivityPropagation();
            }
        });
        return true;
    }

    /// <summary>
    /// What every silo needs to host the grains, whatever its clustering: the store, the
    /// reference data (catalogue, area map), the clock, the meter and the local live notifier.
    /// Test clusters call this too, so they run the same wiring as a node.
    /// </summary>
    public static ISiloBuilder AddRuleOfLawGrains(this ISiloBuilder silo, CatalogueBook catalogue)
    {
        var services = silo.Services;
        silo.AddRuleOfLawStorage();
        services.AddMetrics();
        services.AddSingleton(catalogue);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RuleOfLawMetrics>();
        services.AddSingleton(typeof(GrainReferences<>));
        services.AddSingleton(provider => AreaModelSeeder.LoadOrSeed(
            provider.GetRequiredService<IRuleOfLawStore>(), provider.GetRequiredService<ILogger<AreaModelSeeder>>()));
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, ReferenceDataLoader>();
        // Checked at start: a limit set without its partner, a rung before the one below it or a
        // calendar refresh of zero would otherwise be ignored or fail unnoticed in the background.
        services.AddOptions<ClockOptions>().BindConfiguration(ClockOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClockOptions>, ClockOptionsValidation>();
        services.AddSingleton<ClockSource>();
        // Checked at start, so a local status name that is ambiguous or means nothing stops the node
        // with a line naming the entry, before any member can send it.
        services.AddOptions<TeamOptions>().BindConfiguration(TeamOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TeamOptions>, TeamOptionsValidation>();
        services.AddOptions<PositionOptions>()
            .BindConfiguration(PositionOptions.Section)
            .Validate(options => options.Problems().Count == 0, "Positions: FlushInterval in (0, 8 s], Retention at least 1 hour, SweepInterval positive, MaxTrackPoints in [1, 1000000], CoverageCellMetres in [5, 200], MaxCoverageFixes positive, CoverageReuse in [0, 10 min].")
            .ValidateOnStart();
        services.AddSingleton<PositionWriter>();
        services.AddHostedService(provider => provider.GetRequiredService<PositionWriter>());
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, CalendarFollower>();
        services.AddSingleton<ILifecycleContext, LifecycleContext>();
        silo.AddGrainService<LiveRelayService>();
        services.AddSingleton<ILiveRelayClient, LiveRelayClient>();
        services.AddSingleton<LiveNotifier>();
        services.AddHostedService(provider => provider.GetRequiredService<LiveNotifier>());

        // Checked at start, so a node with a radius or window it cannot use never serves a report.
        services.AddOptions<DuplicateOptions>()
            .BindConfiguration(DuplicateOptions.Section)
            .Validate(options => options.Problems().Count == 0, "Duplicates: RadiusMeters must be in (0, 2000] and Window in (0, 30 days].")
            .ValidateOnStart();

        // Every grain call that carries an actor is checked against that actor's account.
        services.AddOptions<ActorVerificationOptions>();
        silo.AddIncomingGrainCallFilter<ActorVerificationFilter>();
        return silo;
    }
}

/// <summary>Fails start-up with every problem of section <c>Clocks</c>, each naming its setting.</summary>
internal sealed class ClockOptionsValidation : IValidateOptions<ClockOptions>
{
    public ValidateOptionsResult Validate(string? name, ClockOptions options) =>
        options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}

/// <summary>Fails start-up with every problem of section <c>Teams</c>, each naming its entry.</summary>
internal sealed class TeamOptionsValidation : IValidateOptions<TeamOptions>
{
    public ValidateOptionsResult Validate(string? name, TeamOptions options) =>
        options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
