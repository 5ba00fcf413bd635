using Microsoft.Extensions.Options;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Assessment;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Positions;

namespace RuleOfLaw.Web.Assessment;

/// <summary>
/// Patrol coverage readings of areas, computed from the stored tracks and shared: every open
/// console and wall of an area asks each minute, and one reading serves them all for
/// <see cref="PositionOptions.CoverageReuse"/>.
/// </summary>
public sealed class CoverageReadings(IPositionStore store, GridCoverageCells cells, IOptions<PositionOptions> options, TimeProvider time)
{
    private readonly SharedReadings<(string Area, DateOnly From, DateOnly To), (AreaCoverageFigures Figures, bool Truncated)> _shared =
        new(options.Value.CoverageReuse, time);

    /// <summary>The figures of <paramref name="area"/> (whose grids are <paramref name="grids"/>) over the period, and whether the fix cap cut them short.</summary>
    public Task<(AreaCoverageFigures Figures, bool Truncated)> Of(Area area, IReadOnlyList<Area> grids, (DateOnly From, DateOnly To) period) =>
        _shared.Get((area.Code.Value, period.From, period.To), _ => Read(area, grids, period));

    /// <summary>
    /// One store read for the whole area (every fix of the subjects homed in it), cut up by home
    /// grid in memory: a street's reading costs one query, not one per grid.
    /// </summary>
    private async Task<(AreaCoverageFigures Figures, bool Truncated)> Read(Area area, IReadOnlyList<Area> grids, (DateOnly From, DateOnly To) period)
    {
        var settings = options.Value;
        var fixes = await store.InArea(
            area.Code.Value, AssessmentDays.StartOf(period.From), AssessmentDays.StartOf(period.To), CoverageApi.OneOverCap(settings));
        var figures = AreaCoverage.Of([.. grids.Select(grid => (grid.Code.Value, cells.Of(grid)))], fixes.Take(settings.MaxCoverageFixes));

        // Past the cap the figures count only some fixes: say so rather than under-count silently.
        return (figures, fixes.Count > settings.MaxCoverageFixes);
    }
}
