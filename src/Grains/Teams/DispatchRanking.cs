using System.Globalization;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Duplicates;

namespace RuleOfLaw.Grains.Teams;

/// <summary>A point on the map (WGS84 degrees).</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Teams.MapPoint")]
public sealed record MapPoint(
    [property: Id(0)] double Longitude,
    [property: Id(1)] double Latitude);

/// <summary>
/// What the ranking knows of one field team: its status, where it was last seen (if ever), how
/// many open cases it carries, and the district's name for its status (shown, never ranked on).
/// </summary>
public sealed record TeamCandidate(string TeamId, LocalizedText Name, TeamStatus Status, MapPoint? Position, int Load, LocalStatusView? LocalStatus = null);

/// <summary>
/// One team's place in the ranking: its rank (1 = recommended first), status, straight-line
/// distance to the case in whole metres (null without a position), open cases, whether it may be
/// chosen at all (a team out of service may not), and the reasons the dispatcher reads.
/// </summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Teams.TeamRecommendation")]
public sealed record TeamRecommendation(
    [property: Id(0)] int Rank,
    [property: Id(1)] string TeamId,
    [property: Id(2)] LocalizedText Name,
    [property: Id(3)] TeamStatus Status,
    [property: Id(4)] double? DistanceMetres,
    [property: Id(5)] int Load,
    [property: Id(6)] bool Selectable,
    [property: Id(7)] IReadOnlyList<LocalizedText> Reasons,
    [property: Id(8)] LocalStatusView? LocalStatus = null);

/// <summary>The field teams of one unit ranked for one case, best first.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Teams.TeamRanking")]
public sealed record TeamRanking(
    [property: Id(0)] string UnitId,
    [property: Id(1)] IReadOnlyList<TeamRecommendation> Teams)
{
    public TeamRecommendation? Find(string teamId) => Teams.FirstOrDefault(team => team.TeamId == teamId);
}

/// <summary>
/// The dispatch recommendation (issue 8 point 5) as a pure rule: the teams a case may go to,
/// ordered by readiness (available, then returning, which can be turned round, then teams busy
/// with a task; a team out of service is never recommended and is listed last), then by
/// straight-line distance (a team without a known position after every located one), then by how
/// many open cases it carries, then by id so that equal teams always come in the same order.
/// </summary>
public static class DispatchRanking
{
    private const double MetresPerKilometre = 1000;

    public static TeamRanking Rank(string unitId, MapPoint incident, IEnumerable<TeamCandidate> teams)
    {
        var ordered = teams
            .Select(team => (Team: team, Distance: team.Position is { } at ? Math.Round(Distance(incident, at)) : (double?)null))
            .OrderBy(entry => Readiness(entry.Team.Status))
            .ThenBy(entry => entry.Distance is null)
            .ThenBy(entry => entry.Distance ?? 0)
            .ThenBy(entry => entry.Team.Load)
            .ThenBy(entry => entry.Team.TeamId, StringComparer.Ordinal)
            .Select((entry, index) => new TeamRecommendation(
                index + 1,
                entry.Team.TeamId,
                entry.Team.Name,
                entry.Team.Status,
                entry.Distance,
                entry.Team.Load,
                entry.Team.Status != TeamStatus.OutOfService,
                [StatusReason(entry.Team.Status), DistanceReason(entry.Distance), LoadReason(entry.Team.Load)],
                entry.Team.LocalStatus))
            .ToList();
        return new TeamRanking(unitId, ordered);
    }

    /// <summary>Great-circle (haversine) distance in metres: straight-line is what the issue accepts.</summary>
    public static double Distance(MapPoint from, MapPoint to) =>
        DuplicateRules.DistanceMeters(from.Longitude, from.Latitude, to.Longitude, to.Latitude);

    /// <summary>0 ready, 1 on the way back (can be turned round), 2 busy with a task, 3 out of service.</summary>
    private static int Readiness(TeamStatus status) => status switch
    {
        TeamStatus.Available => 0,
        TeamStatus.Returning => 1,
        TeamStatus.OutOfService => 3,
        _ => 2,
    };

    public static LocalizedText StatusReason(TeamStatus status) => status switch
    {
        TeamStatus.Available => Text.Of("空闲待命", "available"),
        TeamStatus.Returning => Text.Of("返程中，可改派", "returning, can be redirected"),
        TeamStatus.OutOfService => Text.Of("暂停服务，不可派遣", "out of service, not available"),
        _ => Text.Of(
            $"忙碌：{TeamStatusRules.Label(status).ZhCn}",
            $"busy: {TeamStatusRules.Label(status).En.ToLowerInvariant()}"),
    };

    public static LocalizedText DistanceReason(double? metres)
    {
        if (metres is not { } distance)
        {
            return Text.Of("无位置", "no position");
        }

        var shown = distance < MetresPerKilometre
            ? $"{distance.ToString("0", CultureInfo.InvariantCulture)} m"
            : $"{(distance / MetresPerKilometre).ToString("0.0", CultureInfo.InvariantCulture)} km";
        return Text.Of($"距离 {shown}", $"{shown} away");
    }

    public static LocalizedText LoadReason(int load) =>
        Text.Of($"在办 {load} 件", load == 1 ? "1 open case" : $"{load} open cases");
}
