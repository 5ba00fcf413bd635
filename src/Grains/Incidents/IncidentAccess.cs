using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Areas;

namespace RuleOfLaw.Grains.Incidents;

/// <summary>
/// Who may read what (domain.md §7: access is scoped by role and jurisdiction). One rule for the
/// API and the hub, so a case hidden from a list is also hidden from its detail and its push.
/// </summary>
public static class IncidentAccess
{
    /// <summary>Anyone whose jurisdiction covers the case's grid, and the staff of the unit it is assigned to.</summary>
    public static bool CanRead(Actor actor, IncidentRecord incident) =>
        actor.HasJurisdictionOver(AreaCode.Parse(incident.GridCode))
        || (actor.UnitId is not null && actor.UnitId == incident.AssignedUnitId);

    /// <summary>The cases and counters of an area: only within the actor's jurisdiction.</summary>
    public static bool CanRead(Actor actor, AreaCode area) => actor.HasJurisdictionOver(area);

    /// <summary>A unit's work queue: its own staff, and everyone in the command centre and above.</summary>
    public static bool CanReadQueueOf(Actor actor, string unitId) => actor.Role != Role.UnitHandler || actor.UnitId == unitId;
}
