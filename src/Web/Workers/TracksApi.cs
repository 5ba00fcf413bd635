using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using RuleOfLaw.Grains.Access;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Positions;
using RuleOfLaw.Grains.Privacy;
using RuleOfLaw.Web.Access;
using RuleOfLaw.Web.Actors;
using RuleOfLaw.Web.Errors;

namespace RuleOfLaw.Web.Workers;

/// <summary>A track read back (轨迹回放): the fixes of the window, oldest first, and whether the window held more.</summary>
public sealed record TrackResponse(
    string Subject,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<PositionFix> Points,
    bool Truncated,
    DateTimeOffset RecordedAt);

/// <summary>
/// Tracks of grid workers and field teams. A track is personal information: read only by those
/// who dispatch and lead in the subject's area (and a grid worker their own), and every read is
/// recorded before the points are handed out, with the window it covered.
/// </summary>
public static class TracksApi
{
    /// <summary>The longest window one read may cover.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(7);

    public static IEndpointRouteBuilder MapTracksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/positions/{kind}/{id}").WithTags("Positions");
        group.MapGet("/track", Track)
            .RequireDoor(Permission.ReadTracks)
            .WithName("ReadTrack")
            .WithSummary("A grid worker's (kind 'workers') or field team's (kind 'teams') track over [from, to); the read is recorded.");
        group.MapGet("/track-reads", Reads)
            .RequireDoor(Permission.ReadAudit)
            .WithName("ReadTrackReads")
            .WithSummary("Who read the track, when, and which window.");
        return app;
    }

    private static async Task<Results<Ok<TrackResponse>, ProblemHttpResult>> Track(
        string kind,
        string id,
        DateTimeOffset? from,
        DateTimeOffset? to,
        ClaimsPrincipal user,
        CatalogueBook catalogue,
        IPositionStore store,
        IGrainFactory grains,
        IOptions<PositionOptions> options,
        TimeProvider time)
    {
        var errors = new Dictionary<string, LocalizedText[]>();
        if (from is null)
        {
            errors["from"] = [Text.Of("须给出起始时间 from（ISO 8601）。", "from is required (an ISO 8601 instant).")];
        }

        if (to is null)
        {
            errors["to"] = [Text.Of("须给出结束时间 to（ISO 8601）。", "to is required (an ISO 8601 instant).")];
        }
        else if (from is not null && (to <= from || to - from > MaxWindow))
        {
            errors["to"] = [Text.Of("to 须晚于 from，且时间窗不超过 7 天。", "to must be after from, and the window at most 7 days.")];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var found = await Subject(kind, id, catalogue, store);
        if (found is not var (subject, target))
        {
            return Problems.NotFound(NoTrack(kind, id));
        }

        if (user.Refuse(Permission.ReadTracks, target) is { } refused)
        {
            return refused;
        }

        // Recorded first: a read the log did not take hands out nothing.
        var actor = user.ToActor()!;
        var recordedAt = time.GetUtcNow();
        await grains.GetGrain<IRestrictedReadLogGrain>(ReadLogKey(subject))
            .Record(new RestrictedRead(actor.UserId, actor.Role, actor.UnitId, recordedAt, $"{from:O}/{to:O}"));
        var limit = options.Value.MaxTrackPoints;
        var points = await store.Track(subject.Key, from!.Value, to!.Value, limit + 1);
        return TypedResults.Ok(new TrackResponse(subject.Key, from.Value, to.Value, [.. points.Take(limit)], points.Count > limit, recordedAt));
    }

    private static async Task<Results<Ok<IReadOnlyList<RestrictedRead>>, ProblemHttpResult>> Reads(
        string kind, string id, ClaimsPrincipal user, CatalogueBook catalogue, IPositionStore store, IGrainFactory grains)
    {
        if (await Subject(kind, id, catalogue, store) is not var (subject, target))
        {
            return Problems.NotFound(NoTrack(kind, id));
        }

        if (user.Refuse(Permission.ReadAudit, target) is { } refused)
        {
            return refused;
        }

        return TypedResults.Ok(await grains.GetGrain<IRestrictedReadLogGrain>(ReadLogKey(subject)).Reads());
    }

    /// <summary>The reads of one subject's track, apart from cases' reads (a case id never contains a colon).</summary>
    public static string ReadLogKey(PositionSubject subject) => $"track:{subject.Key}";

    /// <summary>
    /// The subject and what the door is checked against: a team's own area and unit; a grid
    /// worker's area as their fixes record it (only a worker who has sent positions has a track).
    /// </summary>
    private static async Task<(PositionSubject Subject, AccessTarget Target)?> Subject(string kind, string id, CatalogueBook catalogue, IPositionStore store)
    {
        if (!PositionSubject.TryParseKind(kind, out var subjectKind) || string.IsNullOrWhiteSpace(id) || id.Length > 200)
        {
            return null;
        }

        if (subjectKind == SubjectKind.Team)
        {
            return catalogue.FindUnit(id) is { Kind: UnitKind.FieldTeam } team
                ? (PositionSubject.Team(team.Id), AccessTarget.OfUnit(team.Id, team.AreaCode))
                : null;
        }

        var worker = PositionSubject.Worker(id);
        return await store.Last(worker.Key) is { } last && AreaCode.TryParse(last.HomeArea, out var area)
            ? (worker, AccessTarget.OfPerson(id, area, null))
            : null;
    }

    private static LocalizedText NoTrack(string kind, string id) => Text.Of(
        $"没有“{kind}/{id}”的轨迹（kind 为 workers 或 teams）。",
        $"No track of '{kind}/{id}' (kind is workers or teams).");
}
