using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Clocks;

namespace RuleOfLaw.Grains.Incidents;

/// <summary>
/// The reference data the lifecycle rule consults: the catalogue (power list), the area map and the clocks' settings.
/// Read-only and in memory, so the rule stays a pure function of its inputs.
/// </summary>
public interface ILifecycleContext
{
    Subcategory? FindSubcategory(string code);

    bool IsKnownUnit(string unitId);

    /// <summary>The district department a unit answers to (itself, or a field team's); null for a street office.</summary>
    string? DistrictDepartmentOf(string unitId);

    /// <summary>The power list's lead unit for a case of this subcategory in this grid.</summary>
    string LeadUnitFor(Subcategory subcategory, string gridCode);

    /// <summary>The grid a point lies in, with the boundary rule applied; null outside the district.</summary>
    GridPlacement? Place(double longitude, double latitude);

    /// <summary>The calendar, step limits and escalation policy in force now.</summary>
    ClockSettings Clocks { get; }
}
