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

/// <summary>One grid worker's share of their grid's cells over the period.</summary>
public sealed record WorkerCoverage(string UserId, int VisitedCells, double Coverage);

/// <summary>
/// A grid's patrol coverage (巡查覆盖率) over [from, to) (Asia/Shanghai days): the share of its
/// cells (squares of <paramref name="CellMetres"/>) that any patrol's fixes fell in, and each
/// grid worker's own share.
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

    private static async Task<Results<Ok<CoverageResponse>, ProblemHttpResult>> Grid(
        string code,
        string? from,
        string? to,
        ClaimsPrincipal user,
        AreaDirectory areas,
        IPositionStore store,
        IOptions<PositionOptions> options,
        TimeProvider time)
    {
        var errors = new Dictionary<string, LocalizedText[]>();
        var period = AssessmentPeriod.Parse(from, to, time.GetUtcNow(), errors);
        if (!AreaCode.TryParse(code, out var area) || !area.IsGrid)
        {
            errors["code"] = [Text.Of($"“{code}”不是网格编码。", $"'{code}' is not a grid code.")];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        if (areas.Find(area) is not { } grid)
        {
            return Problems.NotFound(AreaTexts.NoSuchArea(area.Value));
        }

        if (user.Refuse(Permission.ReadAreaAssessment, AccessTarget.OfArea(area)) is { } refused)
        {
            return refused;
        }

        var (start, end) = period!.Value;
        var settings = options.Value;
        var cells = CoverageCells.Of(grid.Geometry, settings.CoverageCellMetres);
        var fixes = await store.InArea(area.Value, AssessmentDays.StartOf(start), AssessmentDays.StartOf(end), settings.MaxCoverageFixes);
        var all = new CoverageFigures(cells.Count, cells.Visited(fixes.Select(Point)));
        var workers = new List<WorkerCoverage>();
        foreach (var subjectFixes in fixes.GroupBy(stored => stored.Subject))
        {
            if (PositionSubject.TryParse(subjectFixes.Key, out var subject) && subject.Kind == SubjectKind.Worker)
            {
                var figures = new CoverageFigures(cells.Count, cells.Visited(subjectFixes.Select(Point)));
                workers.Add(new WorkerCoverage(subject.Id, figures.VisitedCells, figures.Coverage));
            }
        }

        workers.Sort((a, b) => b.Coverage != a.Coverage ? b.Coverage.CompareTo(a.Coverage) : string.CompareOrdinal(a.UserId, b.UserId));
        return TypedResults.Ok(new CoverageResponse(
            area.Value, Problems.Localize(grid.Name), start, end, cells.CellMetres, all.Cells, all.VisitedCells, all.Coverage, workers));
    }

    private static async Task<Results<Ok<CoverageResponse>, ProblemHttpResult>> Person(
        string userId,
        string? from,
        string? to,
        ClaimsPrincipal user,
        AreaDirectory areas,
        IPositionStore store,
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

        var (start, end) = period!.Value;
        var settings = options.Value;
        var cells = CoverageCells.Of(grid.Geometry, settings.CoverageCellMetres);
        var fixes = await store.Track(subject.Key, AssessmentDays.StartOf(start), AssessmentDays.StartOf(end), settings.MaxCoverageFixes);
        var figures = new CoverageFigures(cells.Count, cells.Visited(fixes.Select(fix => (fix.Longitude, fix.Latitude))));
        return TypedResults.Ok(new CoverageResponse(
            area.Value,
            Problems.Localize(grid.Name),
            start,
            end,
            cells.CellMetres,
            figures.Cells,
            figures.VisitedCells,
            figures.Coverage,
            [new WorkerCoverage(userId, figures.VisitedCells, figures.Coverage)]));
    }

    private static (double Longitude, double Latitude) Point(StoredFix stored) => (stored.Fix.Longitude, stored.Fix.Latitude);
}
