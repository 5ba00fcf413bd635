using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Catalogue;

namespace RuleOfLaw.Silo.Hosting;

/// <summary>
/// Loads (on a fresh data folder: seeds) the area model while the silo starts, not on the first
/// request, and checks that the catalogue and the map fit together: every street needs an office
/// for the cases the power list leaves to the territory (属地兜底), or such a case could be
/// dispatched to no one.
/// </summary>
internal sealed class ReferenceDataLoader(IServiceProvider services, CatalogueBook catalogue) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ReferenceDataLoader), ServiceLifecycleStage.RuntimeServices, _ => Load());

    private Task Load()
    {
        var areas = services.GetRequiredService<AreaDirectory>();
        var missing = areas.Children(areas.District.Code.Value)
            .Select(street => CatalogueBook.StreetOfficeId(street.Code))
            .Where(office => catalogue.FindUnit(office) is null)
            .ToList();
        return missing.Count == 0
            ? Task.CompletedTask
            : throw new InvalidOperationException(
                $"The catalogue's units.csv has no street office for {string.Join(", ", missing)}; territory-led cases there could not be dispatched.");
    }
}
