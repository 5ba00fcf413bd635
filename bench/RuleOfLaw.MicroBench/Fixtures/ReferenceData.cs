using Microsoft.Extensions.Options;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Clocks;
using RuleOfLaw.Grains.Incidents;

namespace RuleOfLaw.MicroBench.Fixtures;

/// <summary>
/// The reference data the running system loads at start: the shipped catalogue and the demo
/// district. Built once per benchmark process, since generating the district takes seconds.
/// </summary>
public static class ReferenceData
{
    private static readonly Lazy<CatalogueBook> _catalogue = new(() => CatalogueLoader.Load(CatalogueLoader.DefaultDirectory));
    private static readonly Lazy<AreaDirectory> _demoDistrict = new(() => new AreaDirectory(DemoDistrictGenerator.Generate()));

    public static CatalogueBook Catalogue => _catalogue.Value;

    public static AreaDirectory DemoDistrict => _demoDistrict.Value;

    public static LifecycleContext DemoContext() => new(Catalogue, DemoDistrict, new ClockSource(Options.Create(new ClockOptions())));

    /// <summary>Every grid of the directory, ordered by code.</summary>
    public static IReadOnlyList<Area> Grids(this AreaDirectory areas) => areas.GridsUnder(areas.District.Code.Value);
}
