using RuleOfLaw.Grains.Assessment;

namespace RuleOfLaw.Domain.Tests.Assessment;

/// <summary>Each formula of domain.md §5 (docs/assessment.md) on counters written out by hand.</summary>
public sealed class KpiFormulaTests
{
    private static readonly CounterSet Sample = new()
    {
        Reported = 40,
        ValidReports = 30,
        Revisited = 8,
        Satisfied = 6,
        Registered = 25,
        Hung = 5,
        DueToClose = 20,
        Closed = 15,
        ClosedOnTime = 12,
        DueToHandle = 16,
        Handled = 14,
        HandledOnTime = 10,
        Dispatches = 24,
        Rework = 6,
        PublicReports = 5,
    };

    [Fact]
    public void ClosureRateIsClosedOverDueToClose() => Assert.Equal(0.75m, AssessmentRates.Of(Sample).ClosureRate);

    [Fact]
    public void OnTimeClosureRateIsClosedOnTimeOverDueToClose() => Assert.Equal(0.6m, AssessmentRates.Of(Sample).OnTimeClosureRate);

    [Fact]
    public void OnTimeHandlingRateIsHandledOnTimeOverDueToHandle() => Assert.Equal(0.625m, AssessmentRates.Of(Sample).OnTimeHandlingRate);

    [Fact]
    public void DispatchAccuracyIsDispatchesLessReworkOverDispatches() => Assert.Equal(0.75m, AssessmentRates.Of(Sample).DispatchAccuracy);

    [Fact]
    public void ReworkRateIsReworkOverDueToClose() => Assert.Equal(0.3m, AssessmentRates.Of(Sample).ReworkRate);

    [Fact]
    public void ValidReportRateIsValidReportsOverReports() => Assert.Equal(0.75m, AssessmentRates.Of(Sample).ValidReportRate);

    [Fact]
    public void MissedReportRateIsPublicReportsOverRegistered() => Assert.Equal(0.2m, AssessmentRates.Of(Sample).MissedReportRate);

    [Fact]
    public void SatisfactionRateIsSatisfiedOverRevisited() => Assert.Equal(0.75m, AssessmentRates.Of(Sample).SatisfactionRate);

    [Fact]
    public void EveryRateIsAbsentWhenItsDenominatorIsZero()
    {
        var rates = AssessmentRates.Of(CounterSet.Zero);

        Assert.Equal(new AssessmentRates(null, null, null, null, null, null, null, null), rates);
    }

    [Fact]
    public void RatesAreRoundedToFourDecimalPlacesHalfAwayFromZero()
    {
        var rates = AssessmentRates.Of(new CounterSet { Closed = 2, DueToClose = 3, Satisfied = 1, Revisited = 8 });

        Assert.Equal(0.6667m, rates.ClosureRate);
        Assert.Equal(0.125m, rates.SatisfactionRate);
        Assert.Equal(0.125m, AssessmentRates.Of(new CounterSet { ValidReports = 1, Reported = 8 }).ValidReportRate);
        Assert.Equal(0.0001m, AssessmentRates.Of(new CounterSet { ValidReports = 1, Reported = 20_000 }).ValidReportRate);
    }

    [Fact]
    public void TheCompositeScoreWeighsVolumeTenClosureThirtyOnTimeHandlingThirtyAndReworkThirty()
    {
        var counters = new CounterSet { DueToClose = 10, Closed = 8, DueToHandle = 10, HandledOnTime = 7, Rework = 2 };

        // 10 × 10/20 + 30 × 0.8 + 30 × 0.7 + 30 × (1 − 0.2) = 5 + 24 + 21 + 24
        Assert.Equal(74m, CompositeScore.Of(counters, busiestVolume: 20));
        Assert.Equal(Grade.C, CompositeScore.GradeOf(74m));
    }

    [Fact]
    public void TheBusiestScopeGetsTheWholeVolumeScoreAndAPerfectOneScoresAHundred()
    {
        var perfect = new CounterSet { DueToClose = 20, Closed = 20, DueToHandle = 20, HandledOnTime = 20 };

        Assert.Equal(100m, CompositeScore.Of(perfect, busiestVolume: 20));
    }

    [Fact]
    public void AReworkRateAboveOneCostsTheReworkPartAndNoMore()
    {
        var counters = new CounterSet { DueToClose = 4, Closed = 4, DueToHandle = 4, HandledOnTime = 4, Rework = 6 };

        Assert.Equal(70m, CompositeScore.Of(counters, busiestVolume: 4));
    }

    [Fact]
    public void TheScoreIsRoundedToTwoDecimalPlacesFromTheExactRates()
    {
        var counters = new CounterSet { DueToClose = 3, Closed = 2, DueToHandle = 3, HandledOnTime = 1, Rework = 1 };

        // 10 × 3/7 + 30 × 2/3 + 30 × 1/3 + 30 × 2/3 = 4.2857… + 20 + 10 + 20
        Assert.Equal(54.29m, CompositeScore.Of(counters, busiestVolume: 7));
    }

    [Fact]
    public void AScopeWithNothingDueToCloseHasNoScore()
    {
        Assert.Null(CompositeScore.Of(new CounterSet { Reported = 3, Registered = 2, Hung = 2 }, busiestVolume: 10));
    }

    [Theory]
    [InlineData("100", Grade.A)]
    [InlineData("90", Grade.A)]
    [InlineData("89.99", Grade.B)]
    [InlineData("75", Grade.B)]
    [InlineData("74.99", Grade.C)]
    [InlineData("60", Grade.C)]
    [InlineData("59.99", Grade.D)]
    [InlineData("40", Grade.D)]
    [InlineData("39.99", Grade.E)]
    [InlineData("0", Grade.E)]
    public void GradesChangeExactlyAtNinetySeventyFiveSixtyAndForty(string score, Grade grade) =>
        Assert.Equal(grade, CompositeScore.GradeOf(decimal.Parse(score, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void ARankingOrdersByScoreThenKeyWithUnscoredScopesLastAndVolumeRelativeToTheBusiest()
    {
        var busy = new CounterSet { DueToClose = 10, Closed = 10, DueToHandle = 10, HandledOnTime = 10 };
        var small = new CounterSet { DueToClose = 5, Closed = 5, DueToHandle = 5, HandledOnTime = 5 };
        var idle = new CounterSet { Reported = 1 };

        var ranking = Ranking.Rank([("unit-c", idle), ("unit-b", small), ("unit-a", small), ("unit-d", busy)]);

        Assert.Equal(["unit-d", "unit-a", "unit-b", "unit-c"], ranking.Select(row => row.Key));
        Assert.Equal([1, 2, 3, 4], ranking.Select(row => row.Rank));
        Assert.Equal([100m, 95m, 95m, null], ranking.Select(row => row.Score));
        Assert.Equal([Grade.A, Grade.A, Grade.A, null], ranking.Select(row => row.Grade));
    }

    [Fact]
    public void CountersAddAndSubtractMemberByMember()
    {
        var sum = Sample.Plus(Sample).Minus(Sample);

        Assert.Equal(Sample, sum);
        Assert.True(Sample.Minus(Sample).IsZero);
        Assert.Equal(19, Sample.ByName().Count);
    }
}
