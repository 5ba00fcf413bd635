using RuleOfLaw.Grains.Access;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.Grains.Supervision;

namespace RuleOfLaw.Web.Access;

/// <summary>The access targets of the records the API hands out.</summary>
public static class AccessTargets
{
    public static AccessTarget Target(this IncidentRecord incident) => AccessTarget.OfIncident(incident.GridCode, incident.AssignedUnitId);

    /// <summary>
    /// What a reader reaches a case through: a department summoned to it (吹哨报到) reads it as its
    /// own, since it must know the case to commit; it takes no step on it but its acknowledgement.
    /// </summary>
    public static AccessTarget ReadTarget(this IncidentRecord incident, Actor? reader) =>
        reader?.UnitId is { } unit && SupervisionRules.IsSummoned(incident, unit)
            ? AccessTarget.OfIncident(incident.GridCode, unit)
            : incident.Target();

    public static AccessTarget Target(this UnitInfo unit) => AccessTarget.OfUnit(unit.Id, unit.AreaCode);

    public static AccessTarget Target(this IncidentSummary incident) => AccessTarget.OfIncident(incident.GridCode, incident.AssignedUnitId);
}
