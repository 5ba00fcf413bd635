using RuleOfLaw.Grains.Areas;

namespace RuleOfLaw.Domain.Tests.Areas;

/// <summary>One generated demo district shared by every test, since generation is the slow part.</summary>
internal static class DemoDistrict
{
    public static AreaModel Model { get; } = DemoDistrictGenerator.Generate();

    public static AreaDirectory Directory { get; } = new(Model);

    public static IEnumerable<Area> OfLevel(AreaLevel level) => Directory.All.Where(area => area.Level == level);
}
