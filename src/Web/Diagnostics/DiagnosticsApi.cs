using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Web.Actors;
using RuleOfLaw.Web.Errors;
using RuleOfLaw.Web.Workers;

namespace RuleOfLaw.Web.Diagnostics;

/// <summary>What a benchmark reads off a node: its process and the grains it holds.</summary>
public sealed record RuntimeSnapshot(
    int ProcessId,
    int ProcessorCount,
    double CpuTimeMilliseconds,
    long WorkingSetBytes,
    long GcHeapBytes,
    long GcTotalAllocatedBytes,
    int Gen2Collections,
    long PositionsAccepted,
    IReadOnlyDictionary<string, int> Activations);

/// <summary>
/// Measurement hooks for benchmarks. Off unless <c>Diagnostics:Enabled</c> is true: a forced
/// full GC stalls the node, so it is never exposed by default, and only administrators may ask.
/// </summary>
public static class DiagnosticsApi
{
    public const string EnabledKey = "Diagnostics:Enabled";

    public static IEndpointRouteBuilder MapDiagnosticsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/diagnostics/runtime", Runtime)
            .WithTags("Diagnostics")
            .RequireAuthorization()
            .WithName("GetRuntimeDiagnostics")
            .WithSummary("Process CPU, memory, GC heap and grain activations of this node (benchmarks only; ?collect=true forces a full GC first).");
        return app;
    }

    private static async Task<Results<Ok<RuntimeSnapshot>, ProblemHttpResult>> Runtime(
        bool? collect, ClaimsPrincipal user, IGrainFactory grains, Positions positions)
    {
        if (user.ToActor()!.Role != Role.Administrator)
        {
            return Problems.Forbidden(Text.Of("只有管理员可以查看运行诊断。", "Only administrators may read diagnostics."));
        }

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
        using var process = Process.GetCurrentProcess();
        return TypedResults.Ok(new RuntimeSnapshot(
            process.Id,
            Environment.ProcessorCount,
            process.TotalProcessorTime.TotalMilliseconds,
            process.WorkingSet64,
            GC.GetTotalMemory(forceFullCollection: false),
            GC.GetTotalAllocatedBytes(),
            GC.CollectionCount(2),
            positions.AcceptedCount,
            activations));
    }
}
