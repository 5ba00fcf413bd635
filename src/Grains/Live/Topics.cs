using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Incidents;

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

    /// <summary>Every topic a change of this incident is pushed to: the case, its grid and each ancestor area.</summary>
    public static IEnumerable<string> For(IncidentSummary summary)
    {
        yield return Incident(summary.Id);
        var grid = AreaCode.Parse(summary.GridCode);
        yield return Grid(grid);
        foreach (var ancestor in grid.Ancestors())
        {
            yield return Area(ancestor);
        }
    }
}
