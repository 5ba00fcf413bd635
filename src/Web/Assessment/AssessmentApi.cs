using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using RuleOfLaw.Grains.Access;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Assessment;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Users;
using RuleOfLaw.Web.Access;
using RuleOfLaw.Web.Actors;
using RuleOfLaw.Web.Areas;
using RuleOfLaw.Web.Errors;
using RuleOfLaw.Web.Units;

namespace RuleOfLaw.Web.Assessment;

/// <summary>The counters and rates of one scope over [From, To) (docs/assessment.md).</summary>
public sealed record AssessmentResponse(
    AssessmentScopeKind Scope,
    string Key,
    string? Name,
    DateOnly From,
    DateOnly To,
    CounterSet Counters,
    AssessmentRates Rates);

/// <summary>A unit's assessment with its place in the ranking of its district's units.</summary>
public sealed record UnitAssessmentResponse(
    string Key,
    string Name,
    DateOnly From,
    DateOnly To,
    CounterSet Counters,
    AssessmentRates Rates,
    decimal? Score,
    Grade? Grade,
    int Rank,
    int RankedAmong);

public sealed record RankingRow(
    int Rank,
    string Key,
    string Name,
    CounterSet Counters,
    AssessmentRates Rates,
    decimal? Score,
    Grade? Grade);

/// <summary>Streets of a district or units of a district, ordered by composite score (highest first).</summary>
public sealed record RankingResponse(
    string Area,
    DateOnly From,
    DateOnly To,
    IReadOnlyList<RankingRow> Rows);

/// <summary>
/// Live assessment (目标考核, domain.md §5): computed from events as they happen, read from the
/// scope grains, any period. Each endpoint names its door; the target check follows the policy table.
/// </summary>
public static class AssessmentApi
{
    public static IEndpointRouteBuilder MapAssessmentApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/assessment").WithTags("Assessment");
        group.MapGet("/areas/{code}", Area)
            .RequireDoor(Permission.ReadAreaAssessment)
            .WithName("GetAreaAssessment")
            .WithSummary("Counters and rates of an area (district, street, community or grid) over [from, to).");
        group.MapGet("/units/{unitId}", Unit)
            .RequireDoor(Permission.ReadUnitAssessment)
            .WithName("GetUnitAssessment")
            .WithSummary("Counters, rates, composite score and grade of a unit over [from, to).");
        group.MapGet("/people/{userId}", Person)
            .RequireDoor(Permission.ReadPersonAssessment)
            .WithName("GetPersonAssessment")
            .WithSummary("Counters and rates of the cases a person reported over [from, to).");
        group.MapGet("/rankings/streets", Streets)
            .RequireDoor(Permission.ReadAreaAssessment)
            .WithName("RankStreets")
            .WithSummary("The streets of a district (area, default the caller's) ranked by composite score over [from, to).");
        group.MapGet("/rankings/units", Units)
            .RequireDoor(Permission.ReadAreaAssessment)
            .WithName("RankUnits")
            .WithSummary("The units of a district (area, default the caller's) ranked by composite score over [from, to).");
        return app;
    }

    private static async Task<Results<Ok<AssessmentResponse>, ProblemHttpResult>> Area(
        string code, string? from, string? to, ClaimsPrincipal user, AreaDirectory areas, IGrainFactory grains, TimeProvider time)
    {
        var errors = new Dictionary<string, LocalizedText[]>();
        var period = AssessmentPeriod.Parse(from, to, time.GetUtcNow(), errors);
        if (!AreaCode.TryParse(code, out var area))
        {
            errors["code"] = [AreaTexts.BadCode];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        if (areas.Find(area) is not { } found)
        {
            return Problems.NotFound(AreaTexts.NoSuchArea(area.Value));
        }

        if (user.Refuse(Permission.ReadAreaAssessment, AccessTarget.OfArea(area)) is { } refused)
        {
            return refused;
        }

        var (start, end) = period!.Value;
        var scope = AssessmentScope.OfArea(area);
        var counters = await scope.Grain(grains).Counters(start, end);
        return TypedResults.Ok(new AssessmentResponse(scope.Kind, scope.Key, Problems.Localize(found.Name), start, end, counters, AssessmentRates.Of(counters)));
    }

    private static async Task<Results<Ok<UnitAssessmentResponse>, ProblemHttpResult>> Unit(
        string unitId, string? from, string? to, ClaimsPrincipal user, CatalogueBook catalogue, IGrainFactory grains, TimeProvider time)
    {
        var errors = new Dictionary<string, LocalizedText[]>();
        if (AssessmentPeriod.Parse(from, to, time.GetUtcNow(), errors) is not var (start, end))
        {
            return Problems.Invalid(errors);
        }

        if (catalogue.FindUnit(unitId) is not { } unit)
        {
            return Problems.NotFound(UnitsApi.NoSuchUnit(unitId));
        }

        if (user.Refuse(Permission.ReadUnitAssessment, unit.Target()) is { } refused)
        {
            return refused;
        }

        // The volume score is relative to the busiest unit of the same district, so the unit is
        // scored within the ranking it appears in.
        var district = AreaCode.Parse(unit.AreaCode).AtLevel(AreaLevel.District);
        var ranking = await RankUnits(district, start, end, catalogue, grains);
        var row = ranking.Single(candidate => candidate.Key == unit.Id);
        return TypedResults.Ok(new UnitAssessmentResponse(
            unit.Id, Problems.Localize(unit.Name), start, end, row.Counters, row.Rates, row.Score, row.Grade, row.Rank, ranking.Count));
    }

    private static async Task<Results<Ok<AssessmentResponse>, ProblemHttpResult>> Person(
        string userId, string? from, string? to, ClaimsPrincipal user, IGrainFactory grains, TimeProvider time)
    {
        var errors = new Dictionary<string, LocalizedText[]>();
        if (AssessmentPeriod.Parse(from, to, time.GetUtcNow(), errors) is not var (start, end))
        {
            return Problems.Invalid(errors);
        }

        if (LoginNames.Problem(userId) is not null
            || await grains.GetGrain<IUserGrain>(LoginNames.Normalize(userId)).Profile() is not { } profile)
        {
            return Problems.NotFound(NoSuchPerson(userId));
        }

        if (user.Refuse(Permission.ReadPersonAssessment, AccessTarget.OfPerson(profile.Login, profile.Area, profile.Unit)) is { } refused)
        {
            return refused;
        }

        var scope = AssessmentScope.OfPerson(profile.Login);
        var counters = await scope.Grain(grains).Counters(start, end);
        return TypedResults.Ok(new AssessmentResponse(scope.Kind, scope.Key, profile.DisplayName, start, end, counters, AssessmentRates.Of(counters)));
    }

    private static async Task<Results<Ok<RankingResponse>, ProblemHttpResult>> Streets(
        string? area, string? from, string? to, ClaimsPrincipal user, AreaDirectory areas, IGrainFactory grains, TimeProvider time)
    {
        if (RankingArea(area, from, to, user, areas, time) is not { } request)
        {
            return Problems.Invalid("area", AreaTexts.BadCode);
        }

        if (request.Problem is { } problem)
        {
            return problem;
        }

        var (district, start, end) = (request.District, request.From, request.To);
        var children = (await grains.GetGrain<IAreaAssessmentGrain>(district.Value).Children(start, end))
            .ToDictionary(child => child.Code, child => child.Counters, StringComparer.Ordinal);
        var streets = areas.Children(district.Value);
        var ranking = Ranking.Rank(streets.Select(street => (street.Code.Value, children.GetValueOrDefault(street.Code.Value, CounterSet.Zero))));
        var names = streets.ToDictionary(street => street.Code.Value, street => Problems.Localize(street.Name), StringComparer.Ordinal);
        return TypedResults.Ok(new RankingResponse(district.Value, start, end, ranking.Select(row => Row(row, names[row.Key])).ToList()));
    }

    private static async Task<Results<Ok<RankingResponse>, ProblemHttpResult>> Units(
        string? area, string? from, string? to, ClaimsPrincipal user, AreaDirectory areas, CatalogueBook catalogue, IGrainFactory grains, TimeProvider time)
    {
        if (RankingArea(area, from, to, user, areas, time) is not { } request)
        {
            return Problems.Invalid("area", AreaTexts.BadCode);
        }

        if (request.Problem is { } problem)
        {
            return problem;
        }

        var ranking = await RankUnits(request.District, request.From, request.To, catalogue, grains);
        return TypedResults.Ok(new RankingResponse(
            request.District.Value,
            request.From,
            request.To,
            ranking.Select(row => Row(row, Problems.Localize(catalogue.FindUnit(row.Key)!.Name))).ToList()));
    }

    private sealed record RankingRequest(AreaCode District, DateOnly From, DateOnly To, ProblemHttpResult? Problem);

    /// <summary>
    /// The district a ranking covers (the <c>area</c> parameter, or the caller's own district),
    /// checked like an area read; null only when <c>area</c> is not an area code at all.
    /// </summary>
    private static RankingRequest? RankingArea(
        string? area, string? from, string? to, ClaimsPrincipal user, AreaDirectory areas, TimeProvider time)
    {
        var errors = new Dictionary<string, LocalizedText[]>();
        var period = AssessmentPeriod.Parse(from, to, time.GetUtcNow(), errors);
        var actor = user.ToActor()!;
        AreaCode district;
        if (string.IsNullOrWhiteSpace(area))
        {
            district = actor.AreaScope.AtLevel(AreaLevel.District);
        }
        else if (!AreaCode.TryParse(area, out district))
        {
            return null;
        }
        else if (district.Level != AreaLevel.District)
        {
            errors["area"] = [Text.Of("排名按区县进行：area 须为 6 位区县编码。", "Rankings cover a district: area must be a 6-digit district code.")];
        }

        if (errors.Count > 0)
        {
            return new RankingRequest(district, default, default, Problems.Invalid(errors));
        }

        var problem = areas.Find(district) is null
            ? Problems.NotFound(AreaTexts.NoSuchArea(district.Value))
            : user.Refuse(Permission.ReadAreaAssessment, AccessTarget.OfArea(district));
        return new RankingRequest(district, period!.Value.From, period.Value.To, problem);
    }

    /// <summary>Every unit of the catalogue that lies in <paramref name="district"/>, ranked.</summary>
    private static async Task<IReadOnlyList<RankedScope>> RankUnits(
        AreaCode district, DateOnly from, DateOnly to, CatalogueBook catalogue, IGrainFactory grains)
    {
        var units = catalogue.Units.Where(unit => district.Contains(AreaCode.Parse(unit.AreaCode))).ToList();
        var counters = await Task.WhenAll(units.Select(unit => AssessmentScope.OfUnit(unit.Id).Grain(grains).Counters(from, to)));
        return Ranking.Rank(units.Zip(counters, (unit, figures) => (unit.Id, figures)));
    }

    private static RankingRow Row(RankedScope row, string name) =>
        new(row.Rank, row.Key, name, row.Counters, row.Rates, row.Score, row.Grade);

    public static LocalizedText NoSuchPerson(string userId) => Text.Of($"没有登录名为 {userId} 的用户。", $"No user with the login {userId}.");
}
