using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Catalogue;

namespace RuleOfLaw.Grains.Incidents;

/// <summary>The lifecycle rule's view of the loaded catalogue and area map.</summary>
public sealed class LifecycleContext(CatalogueBook catalogue, AreaDirectory areas) : ILifecycleContext
{
    public Subcategory? FindSubcategory(string code) => catalogue.FindSubcategory(code);

    public bool IsKnownUnit(string unitId) => catalogue.FindUnit(unitId) is not null;

    public string LeadUnitFor(Subcategory subcategory, string gridCode) => catalogue.ResolveLeadUnit(subcategory, gridCode);

    public GridPlacement? Place(double longitude, double latitude) =>
        areas.Resolve(longitude, latitude) is { } resolution
            ? new GridPlacement(resolution.GridCode, resolution.Rule, resolution.NearbyGridCodes)
            : null;
}
