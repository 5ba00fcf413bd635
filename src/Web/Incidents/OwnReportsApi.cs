using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using RuleOfLaw.Grains.Access;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.Web.Access;
using RuleOfLaw.Web.Actors;
using RuleOfLaw.Web.Errors;

namespace RuleOfLaw.Web.Incidents;

/// <summary>
/// One of the caller's reports as it stands, and, when it was merged into another case, that
/// case as it stands: the reporter follows the original from then on.
/// </summary>
public sealed record OwnReport(IncidentSummary Report, IncidentSummary? Original);

public sealed record OwnReportsResponse(IReadOnlyList<OwnReport> Items, int Limit);

/// <summary>
/// The caller's own reports (我的上报), so that a reporter sees what became of each, merged ones
/// included; the live hub's SubscribeReports carries every later change of them.
/// </summary>
public static class OwnReportsApi
{
    public const int DefaultLimit = 30;
    public const int MaxLimit = 100;

    public static IEndpointRouteBuilder MapOwnReportsApi(this IEndpointRouteBuilder app)
    {
        // Behind the caller's own session, as SubscribeReports is: the list is named after the
        // caller and holds nobody else's reports, so there is no target to check.
        app.MapGet("/api/me/reports", List)
            .RequireDoor(Permission.OwnSession)
            .WithTags("Incidents")
            .WithName("ListOwnReports")
            .WithSummary("The caller's own reports, most recently changed first (limit, 1–100, default 30); a merged one carries the case it was merged into.");
        return app;
    }

    private static async Task<Results<Ok<OwnReportsResponse>, ProblemHttpResult>> List(
        string? limit, ClaimsPrincipal user, IIncidentStore store, IGrainFactory grains, CancellationToken cancellation)
    {
        var count = DefaultLimit;
        if (limit is not null
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1 || count > MaxLimit))
        {
            return Problems.Invalid("limit", Text.Of($"limit 须为 1 到 {MaxLimit} 之间的整数。", $"limit must be a whole number from 1 to {MaxLimit}."));
        }

        // The projection is written in the same transaction as the events, so it is as current as the grain.
        var actor = user.ToActor()!;
        var reports = (await store.ReadReportedBy(actor.UserId, count, cancellation)).Select(IncidentEventJson.SummaryOf).ToList();
        var originals = new Dictionary<string, IncidentSummary?>(StringComparer.Ordinal);
        foreach (var originalId in reports.Select(report => report.MergedInto).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            originals[originalId] = (await grains.GetGrain<IIncidentGrain>(originalId).Details())?.Incident.ToSummary();
        }

        return TypedResults.Ok(new OwnReportsResponse(
            [.. reports.Select(report => new OwnReport(report, report.MergedInto is { } original ? originals[original] : null))],
            count));
    }
}
