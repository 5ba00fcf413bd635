namespace RuleOfLaw.Grains.Assessment;

/// <summary>
/// The headline rates of domain.md §5 over one scope and period, each a fraction from 0 to 1
/// rounded to 4 decimal places, or null when its denominator is zero (nothing was due).
/// </summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Assessment.AssessmentRates")]
public sealed record AssessmentRates(
    [property: Id(0)] decimal? ClosureRate,
    [property: Id(1)] decimal? OnTimeClosureRate,
    [property: Id(2)] decimal? OnTimeHandlingRate,
    [property: Id(3)] decimal? DispatchAccuracy,
    [property: Id(4)] decimal? ReworkRate,
    [property: Id(5)] decimal? ValidReportRate,
    [property: Id(6)] decimal? MissedReportRate,
    [property: Id(7)] decimal? SatisfactionRate)
{
    /// <summary>Decimal places of a published rate.</summary>
    public const int RateDecimals = 4;

    /// <summary>结案率 = 结案数 / 应结案数, and the other seven rates of domain.md §5.</summary>
    public static AssessmentRates Of(CounterSet c) => new(
        Round(Kpi.ClosureRate(c)),
        Round(Kpi.OnTimeClosureRate(c)),
        Round(Kpi.OnTimeHandlingRate(c)),
        Round(Kpi.DispatchAccuracy(c)),
        Round(Kpi.ReworkRate(c)),
        Round(Kpi.ValidReportRate(c)),
        Round(Kpi.MissedReportRate(c)),
        Round(Kpi.SatisfactionRate(c)));

    private static decimal? Round(decimal? rate) => rate is { } value ? Math.Round(value, RateDecimals, MidpointRounding.AwayFromZero) : null;
}

/// <summary>The formulas of domain.md §5 as exact fractions (unrounded); null when nothing was due.</summary>
public static class Kpi
{
    /// <summary>结案率 = 结案数 / 应结案数.</summary>
    public static decimal? ClosureRate(CounterSet c) => Ratio(c.Closed, c.DueToClose);

    /// <summary>按期结案率 = 按期结案数 / 应结案数.</summary>
    public static decimal? OnTimeClosureRate(CounterSet c) => Ratio(c.ClosedOnTime, c.DueToClose);

    /// <summary>按期处置率 = 按期处置数 / 应处置数.</summary>
    public static decimal? OnTimeHandlingRate(CounterSet c) => Ratio(c.HandledOnTime, c.DueToHandle);

    /// <summary>准确派遣率 = (派遣数 − 返工数) / 派遣数.</summary>
    public static decimal? DispatchAccuracy(CounterSet c) => Ratio(c.Dispatches - c.Rework, c.Dispatches);

    /// <summary>返工率 = 返工数 / 应结案数 (can exceed 1 when cases are reworked more than once).</summary>
    public static decimal? ReworkRate(CounterSet c) => Ratio(c.Rework, c.DueToClose);

    /// <summary>有效上报率 = 有效上报数 / 上报数.</summary>
    public static decimal? ValidReportRate(CounterSet c) => Ratio(c.ValidReports, c.Reported);

    /// <summary>漏报率 = 公众举报数 / 立案数.</summary>
    public static decimal? MissedReportRate(CounterSet c) => Ratio(c.PublicReports, c.Registered);

    /// <summary>满意率 = 满意数 (满意 + 基本满意) / 回访数.</summary>
    public static decimal? SatisfactionRate(CounterSet c) => Ratio(c.Satisfied, c.Revisited);

    private static decimal? Ratio(int numerator, int denominator) => denominator == 0 ? null : (decimal)numerator / denominator;
}

/// <summary>考核等级: A ≥ 90, B ≥ 75, C ≥ 60, D ≥ 40, E below.</summary>
public enum Grade
{
    A,
    B,
    C,
    D,
    E,
}

/// <summary>
/// The composite score (综合得分, 0–100) of a unit or street within a ranking:
/// 10 × volume score + 30 × 结案率 + 30 × 按期处置率 + 30 × max(0, 1 − 返工率), where the volume
/// score is the scope's 应结案数 divided by that of the busiest scope in the same ranking.
/// Computed from the exact rates and rounded to 2 decimal places; the grade is read from the
/// rounded score, so the score shown and the grade never disagree.
/// </summary>
public static class CompositeScore
{
    public const int ScoreDecimals = 2;

    /// <summary>The score, or null when the scope had nothing due to close (no rate to judge it by).</summary>
    public static decimal? Of(CounterSet counters, int busiestVolume)
    {
        if (counters.DueToClose == 0 || busiestVolume <= 0)
        {
            return null;
        }

        var volume = (decimal)counters.DueToClose / busiestVolume;
        var closure = Kpi.ClosureRate(counters)!.Value;

        // With something due to close there is something due to handle, except when every such case
        // was returned and awaits redispatch: then nothing could be handled late, so nothing was.
        var onTimeHandling = Kpi.OnTimeHandlingRate(counters) ?? 1m;
        var rework = Kpi.ReworkRate(counters)!.Value;
        var score = (10m * volume) + (30m * closure) + (30m * onTimeHandling) + (30m * Math.Max(0m, 1m - rework));
        return Math.Round(score, ScoreDecimals, MidpointRounding.AwayFromZero);
    }

    public static Grade GradeOf(decimal score) => score switch
    {
        >= 90m => Grade.A,
        >= 75m => Grade.B,
        >= 60m => Grade.C,
        >= 40m => Grade.D,
        _ => Grade.E,
    };
}

/// <summary>One scope of a ranking with its counters, rates, score and grade.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Assessment.RankedScope")]
public sealed record RankedScope(
    [property: Id(0)] int Rank,
    [property: Id(1)] string Key,
    [property: Id(2)] CounterSet Counters,
    [property: Id(3)] AssessmentRates Rates,
    [property: Id(4)] decimal? Score,
    [property: Id(5)] Grade? Grade);

/// <summary>Rankings of units and streets (排名): by composite score, highest first.</summary>
public static class Ranking
{
    /// <summary>
    /// Orders the scopes by score (highest first), scopes without a score last, ties by key
    /// (ordinal) so the order is stable; ranks are positions 1, 2, 3 … in that order.
    /// </summary>
    public static IReadOnlyList<RankedScope> Rank(IEnumerable<(string Key, CounterSet Counters)> scopes)
    {
        var list = scopes.ToList();
        var busiest = list.Count == 0 ? 0 : list.Max(scope => scope.Counters.DueToClose);
        return list
            .Select(scope => (scope.Key, scope.Counters, Score: CompositeScore.Of(scope.Counters, busiest)))
            .OrderBy(scope => scope.Score is null)
            .ThenByDescending(scope => scope.Score ?? 0m)
            .ThenBy(scope => scope.Key, StringComparer.Ordinal)
            .Select((scope, index) => new RankedScope(
                index + 1,
                scope.Key,
                scope.Counters,
                AssessmentRates.Of(scope.Counters),
                scope.Score,
                scope.Score is { } score ? CompositeScore.GradeOf(score) : null))
            .ToList();
    }
}
