using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.Grains.Positions;
using RuleOfLaw.Grains.Privacy;
using RuleOfLaw.Grains.Units;

namespace RuleOfLaw.Grains.Teams;

/// <summary>
/// Gathers what <see cref="DispatchRanking"/> needs about one unit's field teams, from the grains
/// that hold it: status from each team's grain, the last position from its tracker, and its load
/// from the unit's open cases (those whose assigned team it is). Used by the recommendation the
/// dispatcher reads and by the case's grain at the moment of dispatch, so both rank alike.
/// </summary>
public static class TeamCandidates
{
    /// <summary>The field teams of a unit (catalogue units of kind FieldTeam whose parent it is).</summary>
    public static IReadOnlyList<UnitInfo> Of(CatalogueBook catalogue, string unitId) =>
        [.. catalogue.Units.Where(unit => unit.Kind == UnitKind.FieldTeam && unit.ParentUnitId == unitId)];

    /// <summary>
    /// Where the distance is measured from: the reported point as every screen of the area shows
    /// it, so a sensitive case is measured from its blurred position and no distance narrows it down.
    /// </summary>
    public static MapPoint LocationOf(IncidentRecord incident)
    {
        var shown = PersonalData.Redact(incident.Report);
        return new MapPoint(shown.Longitude, shown.Latitude);
    }

    public static async Task<TeamRanking> Rank(IGrainFactory grains, CatalogueBook catalogue, string unitId, MapPoint incident)
    {
        var teams = Of(catalogue, unitId);
        if (teams.Count == 0)
        {
            return new TeamRanking(unitId, []);
        }

        var open = grains.GetGrain<IUnitGrain>(unitId).OpenIncidents(IncidentFilter.Any);
        var views = Task.WhenAll(teams.Select(team => grains.GetGrain<ITeamGrain>(team.Id).View()));
        var positions = Task.WhenAll(teams.Select(team => grains.GetGrain<ITrackerGrain>(PositionSubject.Team(team.Id).Key).LastPosition().AsTask()));
        await Task.WhenAll(open, views, positions);

        var loads = open.Result
            .Where(summary => summary.AssignedTeamId is not null)
            .CountBy(summary => summary.AssignedTeamId!)
            .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        var candidates = teams.Select((team, index) => new TeamCandidate(
            team.Id,
            team.Name,
            views.Result[index]?.Status ?? TeamStatus.Available,
            positions.Result[index] is { } fix ? new MapPoint(fix.Longitude, fix.Latitude) : null,
            loads.GetValueOrDefault(team.Id),
            views.Result[index]?.LocalStatus));
        return DispatchRanking.Rank(unitId, incident, candidates);
    }
}
