using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using RuleOfLaw.Grains.Access;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Assessment;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Positions;
using RuleOfLaw.Web.Access;
using RuleOfLaw.Web.Areas;
using RuleOfLaw.Web.Errors;

namespace RuleOfLaw.Web.Assessment;

/// <summary>One grid worker's share of their own grid's cells over the period.</summary>
public sealed record WorkerCoverage(string UserId, string Grid, int VisitedCells, double Coverage);

/// <summary>
/// A grid's patrol coverage (巡查覆盖率) over [from, to) (Asia/Shanghai days): the share of its
/// cells (squares of <paramref name="CellMetres"/>) that any patrol's fixes fell in, and each
/// grid worker's own share. <paramref name="Truncated"/>: more fixes were kept than one reading
/// considers (Positions:MaxCoverageFixes), so the figures count only some of them and are low.
/// </summary>
public sealed record CoverageResponse(
    string Grid,
    string Name,
    DateOnly From,
    DateOnly To,
    double CellMetres,
    int Cells,
    int VisitedCells,
    double Coverage,
    bool Truncated,
    IReadOnlyList<WorkerCoverage> Workers);

/// <summary>One grid of an area's coverage reading.</summary>
public sealed record GridCoverage(string Grid, string Name, int Cells, int VisitedCells, double Coverage);

/// <summary>
/// An area's patrol coverage over [from, to): its grids' visited cells over all their cells, each
/// grid's figure and each grid worker's share of their own grid. <paramref name="Truncated"/> as in
/// <see cref="CoverageResponse"/>.
/// </summary>
public sealed record AreaCoverageResponse(
    string Area,
    string Name,
    DateOnly From,
    DateOnly To,
    double CellMetres,
    int Cells,
    int VisitedCells,
    double Coverage,
    bool Truncated,
    IReadOnlyList<GridCoverage> Grids,
    IReadOnlyList<WorkerCoverage> Workers);

/// <summary>
/// Patrol coverage as a grid-worker KPI (domain.md §5). Computed on request from the stored
/// tracks: an aggregate over cells, never the track itself, so it is read like the other
/// assessment figures and no track read is recorded.
/// </summary>
public static class CoverageApi
{
    public static IEndpointRouteBuilder MapCoverageApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/assessment/coverage").WithTags("Assessment");
        group.MapGet("/areas/{code}", Area)
            .RequireDoor(Permission.ReadAreaAssessment)
            .WithName("AreaCoverage")
            .WithSummary("An area's patrol coverage over [from, to): its grids' cells visited in all, per grid and per grid worker.");
        group.MapGet("/grids/{code}", Grid)
            .RequireDoor(Permission.ReadAreaAssessment)
            .WithName("GridCoverage")
            .WithSummary("A grid's patrol coverage over [from, to): the share of its cells visited, in all and per grid worker.");
        group.MapGet("/people/{userId}", Person)
            .RequireDoor(Permission.ReadPersonAssessment)
            .WithName("PersonCoverage")
            .WithSummary("A grid worker's patrol coverage of their grid over [from, to).");
        return app;
    }

    private static async Task<Results<Ok<AreaCoverageResponse>, ProblemHttpResult>> Area(
        string code,
        string? from,
        string? to,
        ClaimsPrincipal user,
        AreaDirectory areas,
        CoverageReadings readings,
        IOptions<PositionOptions> options,
        TimeProvider time)
    {
        if (Admit(code, from, to, gridOnly: false, user, areas, time, out var area, out var period) is { } problem)
        {
            return problem;
        }

        var grids = areas.GridsUnder(area.Code.Value);
        var (figures, truncated) = await readings.Of(area, grids, period);
        var names = grids.ToDictionary(grid => grid.Code.Value, grid => grid.Name, StringComparer.Ordinal);
        return TypedResults.Ok(new AreaCoverageResponse(
            area.Code.Value,
            Problems.Localize(area.Name),
            period.From,
            period.To,
            options.Value.CoverageCellMetres,
            figures.Total.Cells,
            figures.Total.VisitedCells,
            figures.Total.Coverage,
            truncated,
            [.. figures.Grids.Select(grid => new GridCoverage(
                grid.Grid, Problems.Localize(names[grid.Grid]), grid.Figures.Cells, grid.Figures.VisitedCells, grid.Figures.Coverage))],
            Workers(figures)));
    }

    private static async Task<Results<Ok<CoverageResponse>, ProblemHttpResult>> Grid(
        string code,
        string? from,
        string? to,
        ClaimsPrincipal user,
        AreaDirectory areas,
        CoverageReadings readings,
        IOptions<PositionOptions> options,
        TimeProvider time)
    {
        if (Admit(code, from, to, gridOnly: true, user, areas, time, out var grid, out var period) is { } problem)
        {
            return problem;
        }

        var (figures, truncated) = await readings.Of(grid, [grid], period);
        return TypedResults.Ok(new CoverageResponse(
            grid.Code.Value,
            Problems.Localize(grid.Name),
            period.From,
            period.To,
            options.Value.CoverageCellMetres,
            figures.Total.Cells,
            figures.Total.VisitedCells,
            figures.Total.Coverage,
            truncated,
            Workers(figures)));
    }

    private static async Task<Results<Ok<CoverageResponse>, ProblemHttpResult>> Person(
        string userId,
        string? from,
        string? to,
        ClaimsPrincipal user,
        AreaDirectory areas,
        IPositionStore store,
        GridCoverageCells cells,
        IOptions<PositionOptions> options,
        TimeProvider time)
    {
        var errors = new Dictionary<string, LocalizedText[]>();
        var period = AssessmentPeriod.Parse(from, to, time.GetUtcNow(), errors);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        // The grid is the one the worker patrols: the home area their fixes are filed under.
        var subject = PositionSubject.Worker(userId);
        if (string.IsNullOrWhiteSpace(userId) || userId.Length > 200
            || await store.Last(subject.Key) is not { } last
            || !AreaCode.TryParse(last.HomeArea, out var area) || !area.IsGrid
            || areas.Find(area) is not { } grid)
        {
            return Problems.NotFound(Text.Of($"没有网格员“{userId}”的巡查轨迹。", $"No patrol track of grid worker '{userId}'."));
        }

        if (user.Refuse(Permission.ReadPersonAssessment, AccessTarget.OfPerson(userId, area, null)) is { } refused)
        {
            return refused;
        }

        // One subject's track, not the grid's fixes: a worker's own reading stays small however busy the grid.
        var (start, end) = period!.Value;
        var settings = options.Value;
        var gridCells = cells.Of(grid);
        var fixes = await store.Track(subject.Key, AssessmentDays.StartOf(start), AssessmentDays.StartOf(end), OneOverCap(settings));
        var figures = new CoverageFigures(gridCells.Count, gridCells.Visited(fixes.Take(settings.MaxCoverageFixes).Select(fix => (fix.Longitude, fix.Latitude))));
        return TypedResults.Ok(new CoverageResponse(
            area.Value,
            Problems.Localize(grid.Name),
            start,
            end,
            gridCells.CellMetres,
            figures.Cells,
            figures.VisitedCells,
            figures.Coverage,
            fixes.Count > settings.MaxCoverageFixes,
            [new WorkerCoverage(userId, area.Value, figures.VisitedCells, figures.Coverage)]));
    }

    /// <summary>
    /// The checks an area or grid reading starts with, in the order every assessment endpoint
    /// makes them: malformed input (400 naming the field), unknown area (404), out of jurisdiction (403).
    /// </summary>
    private static ProblemHttpResult? Admit(
        string code,
        string? from,
        string? to,
        bool gridOnly,
        ClaimsPrincipal user,
        AreaDirectory areas,
        TimeProvider time,
        out Area found,
        out (DateOnly From, DateOnly To) period)
    {
        found = null!;
        period = default;
        var errors = new Dictionary<string, LocalizedText[]>();
        var parsed = AssessmentPeriod.Parse(from, to, time.GetUtcNow(), errors);
        if (!AreaCode.TryParse(code, out var area))
        {
            errors["code"] = [gridOnly ? NotAGrid(code) : AreaTexts.BadCode];
        }
        else if (gridOnly && !area.IsGrid)
        {
            errors["code"] = [NotAGrid(code)];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        if (areas.Find(area) is not { } known)
        {
            return Problems.NotFound(AreaTexts.NoSuchArea(area.Value));
        }

        if (user.Refuse(Permission.ReadAreaAssessment, AccessTarget.OfArea(area)) is { } refused)
        {
            return refused;
        }

        found = known;
        period = parsed!.Value;
        return null;
    }

    /// <summary>One fix more than a reading considers, read only to tell a reading at the cap from one cut short by it.</summary>
    internal static int OneOverCap(PositionOptions settings) =>
        settings.MaxCoverageFixes < int.MaxValue ? settings.MaxCoverageFixes + 1 : settings.MaxCoverageFixes;

    private static List<WorkerCoverage> Workers(AreaCoverageFigures figures) =>
        [.. figures.Workers.Select(worker => new WorkerCoverage(worker.UserId, worker.Grid, worker.Figures.VisitedCells, worker.Figures.Coverage))];

    private static LocalizedText NotAGrid(string code) => Text.Of($"“{code}”不是网格编码。", $"'{code}' is not a grid code.");
}
