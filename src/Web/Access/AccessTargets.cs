using RuleOfLaw.Grains.Access;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Incidents;

namespace RuleOfLaw.Web.Access;

/// <summary>The access targets of the records the API hands out.</summary>
public static class AccessTargets
{
    public static AccessTarget Target(this IncidentRecord incident) => AccessTarget.OfIncident(incident.GridCode, incident.AssignedUnitId);

    public static AccessTarget Target(this UnitInfo unit) => AccessTarget.OfUnit(unit.Id, unit.AreaCode);

    public static AccessTarget Target(this IncidentSummary incident) => AccessTarget.OfIncident(incident.GridCode, incident.AssignedUnitId);
}
