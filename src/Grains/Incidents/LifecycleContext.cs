using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Clocks;

namespace RuleOfLaw.Grains.Incidents;

/// <summary>The lifecycle rule's view of the loaded catalogue, area map and clocks' settings.</summary>
public sealed class LifecycleContext(CatalogueBook catalogue, AreaDirectory areas, ClockSource clocks) : ILifecycleContext
{
    public ClockSettings Clocks => clocks.Current;

    public Subcategory? FindSubcategory(string code) => catalogue.FindSubcategory(code);

    public bool IsKnownUnit(string unitId) => catalogue.FindUnit(unitId) is not null;

    public string? DistrictDepartmentOf(string unitId) => catalogue.DistrictDepartmentOf(unitId);

    public string LeadUnitFor(Subcategory subcategory, string gridCode) => catalogue.ResolveLeadUnit(subcategory, gridCode);

    public GridPlacement? Place(double longitude, double latitude) =>
        areas.Resolve(longitude, latitude) is { } resolution
            ? new GridPlacement(resolution.GridCode, resolution.Rule, resolution.NearbyGridCodes)
            : null;
}
