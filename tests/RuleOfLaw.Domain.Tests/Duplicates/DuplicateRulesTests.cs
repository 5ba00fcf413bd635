using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Duplicates;
using RuleOfLaw.Grains.Incidents;

namespace RuleOfLaw.Domain.Tests.Duplicates;

/// <summary>
/// Which open cases a new report likely duplicates. The world: three grids in a row, each
/// 0.01° wide (about 940 m at 32.4°N), A west, B in the middle, C east; A touches B, B touches C.
/// </summary>
public sealed class DuplicateRulesTests
{
    private const string GridA = "510802001001001";
    private const string GridB = "510802001001002";
    private const string GridC = "510802001001003";
    private const double Latitude = 32.405;

    /// <summary>Metres per degree of longitude at <see cref="Latitude"/> on the haversine sphere.</summary>
    private static readonly double MetresPerDegreeLongitude = DuplicateRules.EarthRadiusMeters * Math.PI / 180 * Math.Cos(Latitude * Math.PI / 180);

    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 30, 0, TimeSpan.FromHours(8));

    private static readonly DuplicateOptions Defaults = new();

    private static readonly AreaDirectory Row = new(new AreaModel(
        0,
        "510802",
        [
            Area("510802", AreaLevel.District, null, 105.80, 105.83),
            Area("510802001", AreaLevel.Street, "510802", 105.80, 105.83),
            Area("510802001001", AreaLevel.Community, "510802001", 105.80, 105.83),
            Area(GridA, AreaLevel.Grid, "510802001001", 105.80, 105.81),
            Area(GridB, AreaLevel.Grid, "510802001001", 105.81, 105.82),
            Area(GridC, AreaLevel.Grid, "510802001001", 105.82, 105.83),
        ],
        []));

    private static AreaRecord Area(string code, AreaLevel level, string? parent, double west, double east) =>
        new(code, level, code, code, parent, FormattableString.Invariant($"POLYGON (({west} 32.4, {east} 32.4, {east} 32.41, {west} 32.41, {west} 32.4))"));

    /// <summary>The longitude <paramref name="metres"/> east of <paramref name="longitude"/> along <see cref="Latitude"/>.</summary>
    private static double East(double longitude, double metres) => longitude + (metres / MetresPerDegreeLongitude);

    private static DuplicateProbe Probe(double longitude = 105.805, string grid = GridA, string category = "CG") =>
        new("new-report", category, grid, longitude, Latitude, Now);

    private static IncidentSummary Open(
        string id, double longitude, string grid = GridA, string category = "CG", DateTimeOffset? reportedAt = null, IncidentState state = IncidentState.Registered) =>
        new(id, 3, state, category, category + "03", grid, longitude, Latitude, false, IncidentSource.Patrol, null, "垃圾", reportedAt ?? Now.AddHours(-1), Now);

    private static IReadOnlyList<string> Ids(DuplicateProbe probe, IEnumerable<IncidentSummary> open, IReadOnlyCollection<string>? grids = null, DuplicateOptions? options = null) =>
        DuplicateRules.Candidates(probe, open, grids ?? [GridA, GridB], options ?? Defaults).Select(candidate => candidate.Incident.Id).ToList();

    [Fact]
    public void TheDefaultsAreTwoHundredMetresAndSeventyTwoHours()
    {
        Assert.Equal((200d, TimeSpan.FromHours(72), true), (Defaults.RadiusMeters, Defaults.Window, Defaults.FlagAtIntake));
        Assert.Empty(Defaults.Problems());
    }

    [Fact]
    public void HaversineGivesTheGreatCircleDistance()
    {
        // One degree of latitude on the mean sphere; zero for one point; the same both ways.
        Assert.Equal(111_195.08, DuplicateRules.DistanceMeters(105.84, 32.0, 105.84, 33.0), precision: 2);
        Assert.Equal(0, DuplicateRules.DistanceMeters(105.84, 32.43, 105.84, 32.43));
        Assert.Equal(DuplicateRules.DistanceMeters(105.84, 32.43, 105.87, 32.44), DuplicateRules.DistanceMeters(105.87, 32.44, 105.84, 32.43), precision: 9);
    }

    [Fact]
    public void ACaseJustInsideTheRadiusIsACandidateAndOneJustOutsideIsNot()
    {
        var inside = Open("inside", East(105.805, 199.9));
        var outside = Open("outside", East(105.805, 200.1));

        Assert.Equal(["inside"], Ids(Probe(), [outside, inside]));
    }

    [Fact]
    public void TheRadiusIsConfigurable()
    {
        var at300 = Open("at-300-m", East(105.805, 300));

        Assert.Empty(Ids(Probe(), [at300]));
        Assert.Equal(["at-300-m"], Ids(Probe(), [at300], options: new DuplicateOptions { RadiusMeters = 301 }));
    }

    [Fact]
    public void ACaseReportedExactlyAtTheEdgeOfTheWindowIsACandidateAndOneATickBeyondIsNot()
    {
        var open = new[]
        {
            Open("72h-before", 105.805, reportedAt: Now - TimeSpan.FromHours(72)),
            Open("beyond", 105.805, reportedAt: Now - TimeSpan.FromHours(72) - TimeSpan.FromTicks(1)),
            Open("same-instant", 105.805, reportedAt: Now),
        };

        Assert.Equal(["72h-before", "same-instant"], Ids(Probe(), open));
        Assert.Equal(["same-instant"], Ids(Probe(), open, options: new DuplicateOptions { Window = TimeSpan.FromHours(1) }));
    }

    [Fact]
    public void ALaterReportIsNotACandidateItRepeatsThisOneNotTheOtherWayRound()
    {
        Assert.Empty(Ids(Probe(), [Open("a-tick-later", 105.805, reportedAt: Now.AddTicks(1))]));
    }

    [Fact]
    public void AnotherCategoryFamilyIsNeverACandidateEvenAtTheSamePoint()
    {
        Assert.Empty(Ids(Probe(category: "CG"), [Open("fire-hazard", 105.805, category: "AQ")]));
    }

    [Theory]
    [InlineData(IncidentState.Closed)]
    [InlineData(IncidentState.Rejected)]
    [InlineData(IncidentState.Voided)]
    public void AFinishedCaseIsNotACandidate(IncidentState state)
    {
        Assert.Empty(Ids(Probe(), [Open("finished", 105.805, state: state)]));
    }

    [Fact]
    public void ACaseAlreadyMergedIntoAnotherIsNotACandidateButItsOriginalIs()
    {
        var original = Open("original", East(105.805, 50));
        var merged = Open("merged", 105.805) with { MergedInto = "original" };

        Assert.Equal(["original"], Ids(Probe(), [merged, original]));
    }

    [Fact]
    public void TheReportItselfIsNotItsOwnCandidate()
    {
        Assert.Empty(Ids(Probe(), [Open("new-report", 105.805)]));
    }

    [Fact]
    public void CandidatesComeNearestFirstThenEarliestReportedThenById()
    {
        var open = new[]
        {
            Open("far", East(105.805, 150)),
            Open("near-later-b", East(105.805, 20), reportedAt: Now.AddHours(-1)),
            Open("near-later-a", East(105.805, 20), reportedAt: Now.AddHours(-1)),
            Open("near-earlier", East(105.805, 20), reportedAt: Now.AddHours(-5)),
            Open("nearest", East(105.805, 5)),
        };

        var candidates = DuplicateRules.Candidates(Probe(), open, [GridA], Defaults);

        Assert.Equal(["nearest", "near-earlier", "near-later-a", "near-later-b", "far"], candidates.Select(c => c.Incident.Id));
        Assert.Equal(5, candidates[0].DistanceMeters, precision: 6);
    }

    [Fact]
    public void NearAnEdgeTheSearchTakesTheNeighbouringGridAndFindsItsCaseAcrossTheEdge()
    {
        var nearEdge = East(105.81, -50);
        var probe = Probe(longitude: nearEdge);
        var acrossTheEdge = Open("across", East(105.81, 100), grid: GridB);

        var grids = DuplicateRules.SearchGrids(Row, probe, Defaults);

        Assert.Equal([GridA, GridB], grids);
        Assert.Equal(["across"], Ids(probe, [acrossTheEdge], grids));
    }

    [Fact]
    public void FarFromEveryEdgeTheSearchStaysInTheReportsOwnGrid()
    {
        var probe = Probe(longitude: 105.805);

        var grids = DuplicateRules.SearchGrids(Row, probe, Defaults);

        Assert.Equal([GridA], grids);
        Assert.Empty(Ids(probe, [Open("in-b", East(105.805, 150), grid: GridB)], grids));
    }

    [Fact]
    public void AGridThatDoesNotTouchTheReportsGridIsNotSearchedWhateverTheRadius()
    {
        var probe = Probe(longitude: East(105.81, -50));

        var grids = DuplicateRules.SearchGrids(Row, probe, new DuplicateOptions { RadiusMeters = 2_000 });

        Assert.Equal([GridA, GridB], grids);
    }

    [Theory]
    [InlineData(0, 72)]
    [InlineData(-1, 72)]
    [InlineData(2_001, 72)]
    [InlineData(200, 0)]
    [InlineData(200, 24 * 31)]
    public void RadiusAndWindowOutsideTheirRangesAreNamed(double radius, int hours)
    {
        var problems = new DuplicateOptions { RadiusMeters = radius, Window = TimeSpan.FromHours(hours) }.Problems();

        Assert.Single(problems);
        Assert.StartsWith(radius is > 0 and <= 2_000 ? "Duplicates:Window" : "Duplicates:RadiusMeters", problems[0]);
    }
}
