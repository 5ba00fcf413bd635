using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Workers;
using RuleOfLaw.Web.Actors;
using RuleOfLaw.Web.Errors;

namespace RuleOfLaw.Web.Workers;

/// <summary>A device's position report; <c>at</c> is when the device took it (defaults to receipt).</summary>
public sealed record PositionReport(double? Longitude, double? Latitude, double? AccuracyMetres, DateTimeOffset? At);

/// <summary>
/// Where grid workers are. Phones on a socket send positions through the live hub
/// (<c>UpdatePosition</c>); this endpoint serves clients without one. Both go through <see cref="Positions"/>.
/// </summary>
public static class PositionsApi
{
    public static IEndpointRouteBuilder MapPositionsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/positions", Report)
            .WithTags("Positions")
            .RequireAuthorization()
            .WithName("ReportPosition")
            .WithSummary("A grid worker's current position (high rate, kept in memory).");
        return app;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Report(PositionReport? body, ClaimsPrincipal user, Positions positions)
    {
        var outcome = await positions.Accept(user.ToActor()!, body);
        return outcome switch
        {
            PositionOutcome.Accepted => TypedResults.NoContent(),
            PositionOutcome.Invalid(var errors) => Problems.Invalid(errors),
            _ => Problems.Forbidden(Positions.OnlyGridWorkers),
        };
    }
}

public abstract record PositionOutcome
{
    public sealed record Accepted : PositionOutcome;

    public sealed record Invalid(IReadOnlyDictionary<string, LocalizedText[]> Errors) : PositionOutcome;

    public sealed record Forbidden : PositionOutcome;
}

/// <summary>Checks a position report and hands it to the worker's grain; counts what it accepted.</summary>
public sealed class Positions(IGrainFactory grains, TimeProvider time)
{
    private long _accepted;

    public static LocalizedText OnlyGridWorkers { get; } = Text.Of("只有网格员上报位置。", "Only grid workers report positions.");

    /// <summary>Positions accepted since the node started (read by the diagnostics endpoint).</summary>
    public long AcceptedCount => Interlocked.Read(ref _accepted);

    public async ValueTask<PositionOutcome> Accept(Actor actor, PositionReport? report)
    {
        if (actor.Role != Role.GridWorker)
        {
            return new PositionOutcome.Forbidden();
        }

        var errors = new Dictionary<string, LocalizedText[]>();
        if (report?.Longitude is not { } longitude || !Coordinates.IsLongitude(longitude))
        {
            errors["longitude"] = [Coordinates.LongitudeOutOfRange];
        }

        if (report?.Latitude is not { } latitude || !Coordinates.IsLatitude(latitude))
        {
            errors["latitude"] = [Coordinates.LatitudeOutOfRange];
        }

        if (report?.AccuracyMetres is { } accuracy && (!double.IsFinite(accuracy) || accuracy < 0))
        {
            errors["accuracyMetres"] = [Text.Of("定位精度须为非负数（米）。", "accuracyMetres must be a non-negative number of metres.")];
        }

        if (errors.Count > 0)
        {
            return new PositionOutcome.Invalid(errors);
        }

        var now = time.GetUtcNow();
        await grains.GetGrain<IWorkerGrain>(actor.UserId)
            .UpdatePosition(new PositionFix(report!.Longitude!.Value, report.Latitude!.Value, report.AccuracyMetres, report.At ?? now, now));
        Interlocked.Increment(ref _accepted);
        return new PositionOutcome.Accepted();
    }
}
