using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.Grains.Live;

namespace RuleOfLaw.MicroBench.Fixtures;

/// <summary>Plausible open cases: real subcategories, open states, grid-local positions, Chinese titles.</summary>
public static class SampleIncidents
{
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 30, 0, TimeSpan.FromHours(8));

    private static readonly IncidentState[] _openStates = Enum.GetValues<IncidentState>().Where(state => state.IsOpen()).ToArray();

    private static readonly string[] _titles =
    [
        "路边堆放生活垃圾约两立方米，已影响行人通行",
        "小区门口井盖缺失，夜间存在安全隐患",
        "占道经营，流动摊贩在人行道摆摊",
        "路灯不亮，已持续三天",
        "违规张贴小广告",
    ];

    public static IncidentSummary Summary(Random random, CatalogueBook catalogue, Area grid)
    {
        var subcategory = catalogue.Subcategories[random.Next(catalogue.Subcategories.Count)];
        var state = _openStates[random.Next(_openStates.Length)];
        var reportedAt = Now.AddMinutes(-random.Next(30 * 24 * 60));
        var centre = grid.Centroid;
        return new IncidentSummary(
            Guid.CreateVersion7(reportedAt).ToString(),
            1 + random.Next(8),
            state,
            subcategory.CategoryCode,
            subcategory.Code,
            grid.Code.Value,
            Math.Round(centre.X + (random.NextDouble() - 0.5) * 1e-3, 7),
            Math.Round(centre.Y + (random.NextDouble() - 0.5) * 1e-3, 7),
            random.Next(10) == 0,
            IncidentSource.Patrol,
            state >= IncidentState.Dispatched ? catalogue.ResolveLeadUnit(subcategory, grid.Code.Value) : null,
            IncidentSummary.TitleOf(_titles[random.Next(_titles.Length)]),
            reportedAt,
            reportedAt.AddMinutes(random.Next(600)));
    }

    public static IncidentDelta Delta(IncidentSummary summary) =>
        new(summary.Id, summary.Version, summary, summary.UpdatedAt);
}
