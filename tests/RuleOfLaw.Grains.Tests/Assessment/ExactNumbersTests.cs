using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Assessment;
using RuleOfLaw.Grains.Incidents;

namespace RuleOfLaw.Grains.Tests.Assessment;

/// <summary>
/// Issue 6 point 7: a fixed, seeded history of several hundred cases (hung, extended, returned,
/// reworked, handled late, closed overdue, revisited, disputed and reopened, duplicates merged into
/// open cases) replayed through the pure rule and through the real grains; every counter and rate of every grid, community,
/// street, district, unit and person, over several periods, must equal what the test computes
/// by hand from the definitions of docs/assessment.md.
/// </summary>
[Collection(ScriptedClockClusterCollection.Name)]
public sealed class ExactNumbersTests(ScriptedClockClusterFixture cluster)
{
    private const int CaseCount = 320;
    private const int Seed = 20261126;
    private static readonly DateTimeOffset Oldest = new(2096, 9, 1, 7, 0, 0, TimeSpan.FromHours(8));

    private static readonly (string Name, DateOnly From, DateOnly To)[] Periods =
    [
        ("everything", new DateOnly(2096, 8, 1), new DateOnly(2097, 2, 1)),
        ("September", new DateOnly(2096, 9, 1), new DateOnly(2096, 10, 1)),
        ("October", new DateOnly(2096, 10, 1), new DateOnly(2096, 11, 1)),
        ("November", new DateOnly(2096, 11, 1), new DateOnly(2096, 12, 1)),
        ("a week across a month end", new DateOnly(2096, 10, 27), new DateOnly(2096, 11, 3)),
        ("one day", new DateOnly(2096, 10, 20), new DateOnly(2096, 10, 21)),
    ];

    [Fact]
    public async Task EveryCounterAndRateAtEveryLevelEqualsTheHandComputedFiguresThroughThePureRuleAndTheGrains()
    {
        var script = new HistoryScript(cluster, Seed);
        await script.Play(CaseCount, Oldest);
        var cases = script.Cases;
        AssertTheHistoryCoversWhatTheIssueAsksFor(cases);

        // The pure rule: each case's stored history folded and tallied.
        var tallies = new List<CaseTally>();
        foreach (var c in cases)
        {
            var details = await cluster.Grains.GetGrain<IIncidentGrain>(c.Id).Details();
            var replayed = IncidentLifecycle.Replay(c.Id, details!.History)!;
            Assert.Equal(details.Incident.Version, replayed.Version);
            tallies.Add(CaseTally.Of(replayed));
        }

        var scopes = Scopes(cases);
        var mismatches = new List<string>();
        foreach (var (scope, members) in scopes)
        {
            foreach (var (name, from, to) in Periods)
            {
                var expected = HandWrittenExpectations.Sum(members, from, to);
                var pure = CounterSet.Sum(tallies.Where(tally => Belongs(tally, scope)).Select(tally => tally.Within(from, to)));
                Compare($"pure rule, {scope} over {name}", expected, pure, mismatches);
            }
        }

        AssertNone(mismatches);

        // The grains: grids, units and people at once; areas above once the coalesced roll-ups reached the district.
        var district = AssessmentScope.OfArea(AreaCode.Parse("510802"));
        var everything = HandWrittenExpectations.Sum(cases, Periods[0].From, Periods[0].To);
        await ClusterFixture.Eventually(
            async () => Matches(everything, await district.Grain(cluster.Grains).Counters(Periods[0].From, Periods[0].To)),
            "the district's assessment to reach the whole history", TimeSpan.FromSeconds(30));
        await CompareGrains("live", scopes, mismatches);
        AssertNone(mismatches);
        await CompareRankingOfUnits(cases, mismatches);
        AssertNone(mismatches);

        // After every activation is gone, each scope is rebuilt from the tallies stored with the cases.
        await cluster.DeactivateEverything();
        await CompareGrains("rebuilt from the store", scopes, mismatches);
        AssertNone(mismatches);
    }

    private static void AssertTheHistoryCoversWhatTheIssueAsksFor(List<ScriptedCase> cases)
    {
        Assert.Equal(CaseCount, cases.Count(c => c.MergedInto is null));
        Assert.Contains(cases, c => c.MergedInto is not null);
        Assert.Contains(cases, c => c.State == IncidentState.Hung);
        Assert.Contains(cases, c => c.ExtensionGranted);
        Assert.Contains(cases, c => c.Reworks > 0 && c.State == IncidentState.Closed);
        Assert.Contains(cases, c => c.HandledLate && c.State == IncidentState.Closed);
        Assert.Contains(cases, c => c.LateUnits.Count > 0 && !c.HandledLate && c.State == IncidentState.Closed);
        Assert.Contains(cases, c => c.Closure == ClosureKind.Overdue && c.State == IncidentState.Closed);
        Assert.Contains(cases, c => c.Disputed && c.State == IncidentState.Dispatched);
        Assert.Contains(cases, c => c.Rating is not null && !c.Disputed);
        Assert.Contains(cases, c => c.DispatchSteps > 1);
        Assert.Contains(cases, c => c.RegisteredAt is { } registered && HandWrittenExpectations.DayOf(registered).Month != HandWrittenExpectations.DayOf(c.ReportedAt).Month);
        Assert.Contains(cases, c => c.State == IncidentState.Closed && c.RegisteredAt is null);
        Assert.Contains(cases, c => c.State is IncidentState.Rejected or IncidentState.Voided);
    }

    /// <summary>Every scope the history touches, with the cases the definitions attribute to it.</summary>
    private static List<(AssessmentScope Scope, List<ScriptedCase> Cases)> Scopes(List<ScriptedCase> cases)
    {
        var scopes = new List<(AssessmentScope, List<ScriptedCase>)>();
        foreach (var length in new[] { 15, 12, 9, 6 })
        {
            scopes.AddRange(cases.GroupBy(c => c.Grid[..length]).OrderBy(group => group.Key)
                .Select(group => (AssessmentScope.OfArea(AreaCode.Parse(group.Key)), group.ToList())));
        }

        scopes.AddRange(cases.Where(c => c.Unit is not null).GroupBy(c => c.Unit!).OrderBy(group => group.Key)
            .Select(group => (AssessmentScope.OfUnit(group.Key), group.ToList())));
        scopes.AddRange(cases.GroupBy(c => c.Reporter).OrderBy(group => group.Key)
            .Select(group => (AssessmentScope.OfPerson(group.Key), group.ToList())));
        return scopes;
    }

    private static bool Belongs(CaseTally tally, AssessmentScope scope) => scope.Kind switch
    {
        AssessmentScopeKind.Area => tally.GridCode.StartsWith(scope.Key, StringComparison.Ordinal),
        AssessmentScopeKind.Unit => tally.UnitId == scope.Key,
        _ => tally.ReporterId == scope.Key,
    };

    private async Task CompareGrains(string how, List<(AssessmentScope Scope, List<ScriptedCase> Cases)> scopes, List<string> mismatches)
    {
        foreach (var (scope, members) in scopes)
        {
            foreach (var (name, from, to) in Periods)
            {
                var actual = await scope.Grain(cluster.Grains).Counters(from, to);
                Compare($"grains ({how}), {scope} over {name}", HandWrittenExpectations.Sum(members, from, to), actual, mismatches);
            }
        }
    }

    private async Task CompareRankingOfUnits(List<ScriptedCase> cases, List<string> mismatches)
    {
        var units = cases.Where(c => c.Unit is not null).Select(c => c.Unit!).Distinct().Order(StringComparer.Ordinal).ToList();
        foreach (var (name, from, to) in Periods)
        {
            var expected = units.ToDictionary(unit => unit, unit => HandWrittenExpectations.Sum(cases.Where(c => c.Unit == unit), from, to));
            var busiest = expected.Values.Max(counters => counters["DueToClose"]);
            var figures = new List<(string, CounterSet)>();
            foreach (var unit in units)
            {
                figures.Add((unit, await AssessmentScope.OfUnit(unit).Grain(cluster.Grains).Counters(from, to)));
            }

            foreach (var row in Ranking.Rank(figures))
            {
                var score = HandWrittenExpectations.Score(expected[row.Key], busiest);
                if (row.Score != score || row.Grade?.ToString() != HandWrittenExpectations.Grade(score))
                {
                    mismatches.Add($"unit {row.Key} over {name}: score {row.Score} grade {row.Grade}, expected {score} {HandWrittenExpectations.Grade(score)}");
                }
            }
        }
    }

    /// <summary>Fails with the first mismatches spelled out, and how many there were.</summary>
    private static void AssertNone(List<string> mismatches) =>
        Assert.True(mismatches.Count == 0, $"{mismatches.Count} mismatches:\n{string.Join("\n", mismatches.Take(40))}");

    private static bool Matches(Dictionary<string, int> expected, CounterSet actual)
    {
        var byName = actual.ByName();
        return expected.All(pair => byName[pair.Key] == pair.Value);
    }

    private static void Compare(string what, Dictionary<string, int> expected, CounterSet actual, List<string> mismatches)
    {
        var byName = actual.ByName();
        Assert.Equal(HandWrittenExpectations.CounterNames.Order(), byName.Keys.Order());
        foreach (var (counter, value) in expected)
        {
            if (byName[counter] != value)
            {
                mismatches.Add($"{what}: {counter} is {byName[counter]}, expected {value}");
            }
        }

        var rates = AssessmentRates.Of(actual);
        foreach (var (rate, value) in HandWrittenExpectations.Rates(expected))
        {
            var actualRate = (decimal?)typeof(AssessmentRates).GetProperty(rate)!.GetValue(rates);
            if (actualRate != value)
            {
                mismatches.Add($"{what}: {rate} is {actualRate}, expected {value}");
            }
        }
    }
}
