using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using RuleOfLaw.Grains.Positions;
using RuleOfLaw.Grains.Access;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Diagnostics;
using RuleOfLaw.Web.Access;
using RuleOfLaw.Web.Actors;
using RuleOfLaw.Web.Errors;
using RuleOfLaw.Web.Workers;

namespace RuleOfLaw.Web.Diagnostics;

/// <summary>
/// What a benchmark reads off a node: its process, the grains of the whole cluster
/// (<c>Activations</c>) and those held by this node (<c>LocalActivations</c>, which failover drills
/// use to pick the node that holds a given grain).
/// </summary>
public sealed record RuntimeSnapshot(
    string Silo,
    int ProcessId,
    int ProcessorCount,
    double CpuTimeMilliseconds,
    long WorkingSetBytes,
    long GcHeapBytes,
    long GcTotalAllocatedBytes,
    int Gen2Collections,
    long PositionsAccepted,
    long PositionsWritten,
    IReadOnlyDictionary<string, int> Activations,
    IReadOnlyDictionary<string, int> LocalActivations);

/// <summary>Arms a reminder probe: it fires once, this many seconds from now (1 to 3600).</summary>
public sealed record ReminderProbeRequest(int? DueInSeconds);

/// <summary>
/// Measurement and operations hooks (benchmarks, failover drills). Off unless <c>Diagnostics:Enabled</c> is true: a forced
/// full GC stalls the node, so it is never exposed by default, and only administrators may ask.
/// </summary>
public static class DiagnosticsApi
{
    public const string EnabledKey = "Diagnostics:Enabled";

    public static IEndpointRouteBuilder MapDiagnosticsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/diagnostics/runtime", Runtime)
            .WithTags("Diagnostics")
            .RequireDoor(Permission.RunDiagnostics)
            .WithName("GetRuntimeDiagnostics")
            .WithSummary("Process CPU, memory, GC heap and grain activations of this node (benchmarks only; ?collect=true forces a full GC first).");
        app.MapPost("/api/diagnostics/reminder-probes/{name}", ArmReminderProbe)
            .WithTags("Diagnostics")
            .RequireDoor(Permission.RunDiagnostics)
            .WithName("ArmReminderProbe")
            .WithSummary("Arms a one-shot durable reminder that records the node it fires on (failover drills).");
        app.MapGet("/api/diagnostics/reminder-probes/{name}", ReadReminderProbe)
            .WithTags("Diagnostics")
            .RequireDoor(Permission.RunDiagnostics)
            .WithName("GetReminderProbe")
            .WithSummary("Where and when a reminder probe was armed and fired.");
        return app;
    }

    private static async Task<Results<Ok<ReminderProbeStatus>, ProblemHttpResult>> ArmReminderProbe(
        string name, ReminderProbeRequest? body, IGrainFactory grains)
    {
        if (body?.DueInSeconds is not { } dueIn || dueIn is < 1 or > 3600)
        {
            return Problems.Invalid("dueInSeconds", Text.Of("dueInSeconds 须为 1 至 3600 的整数。", "dueInSeconds must be a whole number from 1 to 3600."));
        }

        return TypedResults.Ok(await grains.GetGrain<IReminderProbeGrain>(name).Arm(TimeSpan.FromSeconds(dueIn)));
    }

    private static async Task<Results<Ok<ReminderProbeStatus>, ProblemHttpResult>> ReadReminderProbe(
        string name, IGrainFactory grains)
    {
        return await grains.GetGrain<IReminderProbeGrain>(name).Status() is { } status
            ? TypedResults.Ok(status)
            : Problems.NotFound(Text.Of($"没有名为“{name}”的提醒探针。", $"There is no reminder probe named '{name}'."));
    }

    private static async Task<Results<Ok<RuntimeSnapshot>, ProblemHttpResult>> Runtime(
        bool? collect, IGrainFactory grains, ILocalSiloDetails silo, Positions positions, PositionWriter writer)
    {
        if (collect == true)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        }

        var statistics = await grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        var activations = statistics
            .GroupBy(statistic => statistic.GrainType)
            .ToDictionary(group => group.Key, group => group.Sum(statistic => statistic.ActivationCount));
        var localActivations = statistics
            .Where(statistic => statistic.SiloAddress.Equals(silo.SiloAddress))
            .GroupBy(statistic => statistic.GrainType)
            .ToDictionary(group => group.Key, group => group.Sum(statistic => statistic.ActivationCount));
        using var process = Process.GetCurrentProcess();
        return TypedResults.Ok(new RuntimeSnapshot(
            silo.SiloAddress.ToString(),
            process.Id,
            Environment.ProcessorCount,
            process.TotalProcessorTime.TotalMilliseconds,
            process.WorkingSet64,
            GC.GetTotalMemory(forceFullCollection: false),
            GC.GetTotalAllocatedBytes(),
            GC.CollectionCount(2),
            positions.AcceptedCount,
            writer.WrittenCount,
            activations,
            localActivations));
    }
}
