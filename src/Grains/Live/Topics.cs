using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.Grains.Positions;
using RuleOfLaw.Grains.Teams;

namespace RuleOfLaw.Grains.Live;

/// <summary>
/// SignalR group names, from one place so that the publisher (relay) and the subscriber (hub)
/// cannot drift apart.
/// </summary>
public static class Topics
{
    public static string Grid(AreaCode code) => $"grid:{code}";

    public static string Area(AreaCode code) => code.IsGrid ? Grid(code) : $"area:{code}";

    public static string Incident(string incidentId) => $"incident:{incidentId}";

    public static string Unit(string unitId) => $"unit:{unitId}";

    public static string Team(string teamId) => $"team:{teamId}";

    /// <summary>Where the people of an area are: a topic of its own, since only some of those who see its cases may see them.</summary>
    public static string Positions(AreaCode code) => $"positions:{code}";

    /// <summary>The cases one person reported, merged reports included; only that person may join it.</summary>
    public static string Reporter(string userId) => $"reporter:{userId}";

    /// <summary>
    /// Every topic a change is pushed to: the case, its grid, each ancestor area, the unit that
    /// holds it, the unit that just lost it, and each of its reporters.
    /// </summary>
    public static IEnumerable<string> For(IncidentDelta delta)
    {
        var summary = delta.Summary;
        yield return Incident(summary.Id);
        var grid = AreaCode.Parse(summary.GridCode);
        yield return Grid(grid);
        foreach (var ancestor in grid.Ancestors())
        {
            yield return Area(ancestor);
        }

        if (summary.AssignedUnitId is { } unit)
        {
            yield return Unit(unit);
        }

        if (delta.ReleasedUnitId is { } released && released != summary.AssignedUnitId)
        {
            yield return Unit(released);
        }

        foreach (var reporter in delta.Reporters)
        {
            yield return Reporter(reporter);
        }
    }

    /// <summary>
    /// A team's status goes to the team, its own unit topic (a team is a unit: its members' phones
    /// subscribe to it as to their unit), the unit it belongs to (its handlers' console), and the
    /// area it serves with each ancestor (the command centre's and the leaders' maps).
    /// </summary>
    public static IEnumerable<string> For(TeamUpdate update)
    {
        yield return Team(update.Team.TeamId);
        if (update.Team.TeamId != update.Team.UnitId)
        {
            yield return Unit(update.Team.TeamId);
        }

        yield return Unit(update.Team.UnitId);
        if (AreaCode.TryParse(update.AreaCode, out var area))
        {
            yield return Area(area);
            foreach (var ancestor in area.Ancestors())
            {
                yield return Area(ancestor);
            }
        }
    }

    /// <summary>A subject's move goes to the positions topic of its home area and of each area above it.</summary>
    public static IEnumerable<string> For(PositionUpdate update) => PositionsOf(update.HomeArea);

    /// <summary>Whether a subject is reachable is as personal as where it is: the same topics.</summary>
    public static IEnumerable<string> For(PresenceUpdate update) => PositionsOf(update.HomeArea);

    private static IEnumerable<string> PositionsOf(string homeArea)
    {
        if (AreaCode.TryParse(homeArea, out var area))
        {
            yield return Positions(area);
            foreach (var ancestor in area.Ancestors())
            {
                yield return Positions(ancestor);
            }
        }
    }
}
