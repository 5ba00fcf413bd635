using NetTopologySuite.Geometries;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Positions;

namespace RuleOfLaw.Domain.Tests.Positions;

/// <summary>Patrol coverage (巡查覆盖率): the share of a grid's cells somebody's fixes fell in.</summary>
public sealed class PatrolCoverageTests
{
    private const double West = 105.84;
    private const double South = 32.43;

    /// <summary>A square of 100 m × 100 m: twenty-five 20 m cells.</summary>
    private static readonly Polygon Square = Box(100, 100);

    [Fact]
    public void ASquareOfAHundredMetresHasTwentyFiveCellsOfTwentyMetres() =>
        Assert.Equal(25, CoverageCells.Of(Square, 20).Count);

    [Fact]
    public void EachCellCountsOnceHoweverManyFixesFallInIt()
    {
        var cells = CoverageCells.Of(Square, 20);
        (double, double)[] fixes =
        [
            At(10, 10), At(12, 15), At(19, 19), // one cell, three fixes
            At(30, 10), At(50, 50), At(90, 90), At(70, 10),
        ];

        var visited = cells.Visited(fixes);

        Assert.Equal(5, visited);
        Assert.Equal(0.2, new CoverageFigures(cells.Count, visited).Coverage);
    }

    [Fact]
    public void FixesOutsideTheGridCountForNothing()
    {
        var cells = CoverageCells.Of(Square, 20);

        Assert.Equal(0, cells.Visited([At(-5, 50), At(105, 50), At(50, 130), At(-50, -50)]));
    }

    [Fact]
    public void AnLShapedGridHasOnlyTheCellsWhoseCentresLieInside()
    {
        // 100 × 100 without its north-east quarter (60 × 60 cut away), at 20 m: 25 − 9 cells.
        var l = Polygon([(0, 0), (100, 0), (100, 40), (40, 40), (40, 100), (0, 100), (0, 0)]);
        var cells = CoverageCells.Of(l, 20);

        Assert.Equal(16, cells.Count);
        Assert.Equal(0, cells.Visited([At(70, 70)]));
        Assert.Equal(1, cells.Visited([At(70, 30)]));
    }

    [Fact]
    public void NoFixesIsNoCoverageAndAGridWithoutCellsIsNone()
    {
        Assert.Equal(0, CoverageCells.Of(Square, 20).Visited([]));
        Assert.Equal(0, new CoverageFigures(0, 0).Coverage);
    }

    [Fact]
    public void EveryCellVisitedIsFullCoverage()
    {
        var cells = CoverageCells.Of(Square, 20);
        var fixes = from x in Enumerable.Range(0, 5) from y in Enumerable.Range(0, 5) select At((20 * x) + 10, (20 * y) + 10);

        Assert.Equal(1.0, new CoverageFigures(cells.Count, cells.Visited(fixes)).Coverage);
    }

    [Fact]
    public void AnAreasCoverageSumsItsGridsAndCountsEachFixForItsSubjectsHomeGridOnly()
    {
        var square = CoverageCells.Of(Square, 20);
        var l = CoverageCells.Of(Polygon([(0, 0), (100, 0), (100, 40), (40, 40), (40, 100), (0, 100), (0, 0)]), 20);
        StoredFix[] fixes =
        [
            Stored(PositionSubject.Worker("a"), "g1", At(10, 10)), Stored(PositionSubject.Worker("a"), "g1", At(30, 10)),
            Stored(PositionSubject.Team("t"), "g1", At(50, 50)),
            Stored(PositionSubject.Worker("b"), "g2", At(70, 30)),
            Stored(PositionSubject.Worker("b"), "g2", At(70, 70)), // in g1's square, outside b's own L: nothing
            Stored(PositionSubject.Worker("c"), "street", At(90, 90)), // homed in no grid of the area
        ];

        var coverage = AreaCoverage.Of([("g1", square), ("g2", l)], fixes);

        Assert.Equal(new CoverageFigures(25 + 16, 3 + 1), coverage.Total);
        Assert.Equal([new GridCoverageFigures("g1", new(25, 3)), new GridCoverageFigures("g2", new(16, 1))], coverage.Grids);
        Assert.Equal([new WorkerCoverageFigures("a", "g1", new(25, 2)), new WorkerCoverageFigures("b", "g2", new(16, 1))], coverage.Workers);
    }

    private static StoredFix Stored(PositionSubject subject, string homeArea, (double Longitude, double Latitude) at) =>
        new(subject.Key, homeArea, new PositionFix(at.Longitude, at.Latitude, null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch));

    private static (double Longitude, double Latitude) At(double eastMetres, double northMetres) =>
        (West + (eastMetres / AreaGeometry.MetresPerDegreeLongitude(South + 0.00045)), South + (northMetres / AreaGeometry.MetresPerDegree));

    private static Polygon Box(double eastMetres, double northMetres) =>
        Polygon([(0, 0), (eastMetres, 0), (eastMetres, northMetres), (0, northMetres), (0, 0)]);

    private static Polygon Polygon((double East, double North)[] corners) =>
        AreaGeometry.Factory.CreatePolygon([.. corners.Select(corner =>
        {
            var (longitude, latitude) = At(corner.East, corner.North);
            return new Coordinate(longitude, latitude);
        })]);
}
