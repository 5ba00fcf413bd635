using NetTopologySuite.Geometries;
using RuleOfLaw.Grains.Areas;

namespace RuleOfLaw.Domain.Tests.Areas;

public sealed class AreaDirectoryTests
{
    // A hand-made district: one street, one community, two grids split along the meridian 105.81,
    // so that a point exactly on their shared edge can be written down exactly.
    private const double SharedEdgeLongitude = 105.81;
    private const double MiddleLatitude = 32.43;

    private static readonly AreaDirectory _twoGrids = new(new AreaModel(
        Seed: 0,
        DistrictCode: "510802",
        Areas:
        [
            new("510802", AreaLevel.District, "利州区", "Lizhou District", null, Box(105.80, 105.82)),
            new("510802001", AreaLevel.Street, "东坝街道", "Dongba Subdistrict", "510802", Box(105.80, 105.82)),
            new("510802001001", AreaLevel.Community, "万缘社区", "Wanyuan Community", "510802001", Box(105.80, 105.82)),
            new("510802001001001", AreaLevel.Grid, "东坝街道万缘社区第001网格", "Wanyuan Community Grid 001", "510802001001", Box(105.80, 105.81), "gw-510802001001001-1"),
            new("510802001001002", AreaLevel.Grid, "东坝街道万缘社区第002网格", "Wanyuan Community Grid 002", "510802001001", Box(105.81, 105.82), "gw-510802001001002-1"),
        ],
        Workers:
        [
            new("gw-510802001001001-1", "王秀英", "Wang Xiuying", "13900000001", "510802001001001", IsGridLeader: true),
            new("gw-510802001001002-1", "李强", "Li Qiang", "13900000002", "510802001001002", IsGridLeader: true),
        ]));

    [Fact]
    public void APointInsideAGridResolvesToThatGridByTheInteriorRule()
    {
        var resolution = _twoGrids.Resolve(105.805, MiddleLatitude);

        Assert.NotNull(resolution);
        Assert.Equal("510802001001001", resolution.GridCode);
        Assert.Equal(GridResolution.InteriorRule, resolution.Rule);
        Assert.False(resolution.OnBoundary);
        Assert.Empty(resolution.NearbyGridCodes);
    }

    [Fact]
    public void APointExactlyOnASharedEdgeGoesToTheLowerCodeAndNamesTheOtherGridAsNearby()
    {
        var resolution = _twoGrids.Resolve(SharedEdgeLongitude, MiddleLatitude);

        Assert.NotNull(resolution);
        Assert.Equal("510802001001001", resolution.GridCode);
        Assert.Equal(GridResolution.BoundaryLowestCodeRule, resolution.Rule);
        Assert.True(resolution.OnBoundary);
        Assert.Equal(["510802001001002"], resolution.NearbyGridCodes);
    }

    [Fact]
    public void APointThreeMetresFromABoundaryStaysInItsGridButNamesTheNeighbourAsNearby()
    {
        var resolution = _twoGrids.Resolve(SharedEdgeLongitude + MetresEast(3), MiddleLatitude);

        Assert.NotNull(resolution);
        Assert.Equal("510802001001002", resolution.GridCode);
        Assert.Equal(GridResolution.InteriorRule, resolution.Rule);
        Assert.False(resolution.OnBoundary);
        Assert.Equal(["510802001001001"], resolution.NearbyGridCodes);
    }

    [Fact]
    public void APointTenMetresFromABoundaryHasNoNearbyGrids()
    {
        var resolution = _twoGrids.Resolve(SharedEdgeLongitude + MetresEast(10), MiddleLatitude);

        Assert.NotNull(resolution);
        Assert.Equal("510802001001002", resolution.GridCode);
        Assert.Empty(resolution.NearbyGridCodes);
    }

    [Fact]
    public void APointOnTheDistrictBoundaryBelongsToTheOnlyGridThatCoversIt()
    {
        var resolution = _twoGrids.Resolve(105.82, MiddleLatitude);

        Assert.NotNull(resolution);
        Assert.Equal("510802001001002", resolution.GridCode);
        Assert.Equal(GridResolution.BoundaryLowestCodeRule, resolution.Rule);
        Assert.Empty(resolution.NearbyGridCodes);
    }

    [Theory]
    [InlineData(105.82 + 1e-6, 32.43)]
    [InlineData(105.70, 32.43)]
    [InlineData(0, 0)]
    [InlineData(200, 32.43)]
    [InlineData(105.81, double.NaN)]
    public void APointOutsideTheDistrictResolvesToNothing(double longitude, double latitude)
    {
        Assert.Null(_twoGrids.Resolve(longitude, latitude));
    }

    [Fact]
    public void TheInteriorPointOfEveryGeneratedGridResolvesToThatGrid()
    {
        Assert.All(DemoDistrict.OfLevel(AreaLevel.Grid), grid =>
        {
            var point = grid.Geometry.InteriorPoint;
            var resolution = DemoDistrict.Directory.Resolve(point.X, point.Y);

            Assert.NotNull(resolution);
            Assert.Equal(grid.Code.Value, resolution.GridCode);
            Assert.Equal(GridResolution.InteriorRule, resolution.Rule);
            Assert.False(resolution.OnBoundary);
        });
    }

    [Fact]
    public void AVertexSharedByGeneratedGridsGoesToTheLowestOfThemAndNamesTheOthers()
    {
        var grids = DemoDistrict.Directory.GridsUnder("510802002");
        var (first, second) = (grids[0], grids.Skip(1).First(g => g.Geometry.Touches(grids[0].Geometry)));
        var vertex = first.Geometry.Coordinates.First(c => second.Geometry.Coordinates.Contains(c));
        var sharing = DemoDistrict.OfLevel(AreaLevel.Grid)
            .Where(g => g.Geometry.Coordinates.Contains(vertex))
            .Select(g => g.Code.Value)
            .Order(StringComparer.Ordinal)
            .ToList();

        var resolution = DemoDistrict.Directory.Resolve(vertex.X, vertex.Y);

        Assert.NotNull(resolution);
        Assert.Equal(sharing[0], resolution.GridCode);
        Assert.Equal(GridResolution.BoundaryLowestCodeRule, resolution.Rule);
        Assert.True(resolution.OnBoundary);
        Assert.Equal(sharing.Skip(1), resolution.NearbyGridCodes);
    }

    [Fact]
    public void APointOutsideTheGeneratedDistrictResolvesToNothing()
    {
        var envelope = DemoDistrict.Directory.District.Geometry.EnvelopeInternal;

        Assert.Null(DemoDistrict.Directory.Resolve(envelope.MaxX + 0.001, envelope.Centre.Y));
        Assert.Null(DemoDistrict.Directory.Resolve(envelope.MinX, envelope.MinY));
    }

    [Fact]
    public void LookupsWalkTheLadderInCodeOrder()
    {
        var directory = DemoDistrict.Directory;
        var grid = directory.GridsUnder("510802001")[0];

        Assert.Equal(11, directory.Children("510802").Count);
        Assert.Equal(directory.All.Where(a => a.Level == AreaLevel.Grid).ToList(), directory.GridsUnder("510802"));
        Assert.Equal([grid], directory.GridsUnder(grid.Code.Value));
        Assert.Empty(directory.Children(grid.Code.Value));
        Assert.Equal(
            directory.Children("510802001").Sum(c => directory.Children(c.Code.Value).Count),
            directory.GridsUnder("510802001").Count);
        Assert.Same(grid, directory.Find(grid.Code));
        Assert.Null(directory.Find("510802999"));
        Assert.Empty(directory.Children("510802999"));
        Assert.Empty(directory.GridsUnder("510802999"));
        Assert.Equal(grid.GridLeaderId, directory.FindWorker(grid.GridLeaderId!)!.Id);
        Assert.Null(directory.FindWorker("gw-nobody"));
        Assert.Empty(directory.WorkersOf("510802999999999"));
    }

    [Fact]
    public void AModelThatGoesThroughJsonLoadsIntoAnEqualDirectory()
    {
        var json = AreaModelJson.Serialize(DemoDistrict.Model);
        var reloaded = new AreaDirectory(AreaModelJson.Deserialize(json));
        var original = DemoDistrict.Directory;

        Assert.Equal(json, AreaModelJson.Serialize(reloaded.Model));
        Assert.Equal(original.All.Count, reloaded.All.Count);
        Assert.All(original.All.Zip(reloaded.All), pair =>
        {
            var (before, after) = pair;
            Assert.Equal(before.Code, after.Code);
            Assert.Equal(before.Name, after.Name);
            Assert.Equal(before.ParentCode, after.ParentCode);
            Assert.Equal(before.GridLeaderId, after.GridLeaderId);
            Assert.Equal(before.AreaSquareMetres, after.AreaSquareMetres);
            Assert.True(before.Geometry.EqualsExact(after.Geometry), $"{before.Code} changed shape.");
        });
        Assert.Equal(original.Model.Workers, reloaded.Model.Workers);
    }

    [Fact]
    public void TheModelJsonUsesCamelCaseStringEnumsAndReadableChinese()
    {
        var json = AreaModelJson.Serialize(_twoGrids.Model);

        Assert.Contains("\"level\":\"grid\"", json, StringComparison.Ordinal);
        Assert.Contains("\"nameZh\":\"利州区\"", json, StringComparison.Ordinal);
        Assert.Contains("\"polygonWkt\":\"POLYGON ((105.8 32.42,", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"parentCode\":null", json, StringComparison.Ordinal);
    }

    [Fact]
    public void AModelWhoseAreaHasNoParentIsRejected()
    {
        var orphan = _twoGrids.Model with
        {
            Areas = [.. _twoGrids.Model.Areas.Where(a => a.Level != AreaLevel.Community)],
        };

        Assert.Throws<InvalidDataException>(() => new AreaDirectory(orphan));
    }

    [Fact]
    public void AreasAreMeasuredInSquareMetres()
    {
        var grid = _twoGrids.Find("510802001001001")!;
        var expected = 0.01 * AreaGeometry.MetresPerDegreeLongitude(MiddleLatitude) * 0.02 * AreaGeometry.MetresPerDegree;

        Assert.Equal(expected, grid.AreaSquareMetres, expected * 1e-9);
        Assert.Equal(AreaLevel.Grid, grid.Level);
        Assert.Equal("510802001001", grid.ParentCode?.Value);
    }

    private static double MetresEast(double metres) => metres / AreaGeometry.MetresPerDegreeLongitude(MiddleLatitude);

    private static string Box(double west, double east) =>
        AreaGeometry.ToWkt(AreaGeometry.Factory.CreatePolygon(
        [
            new Coordinate(west, 32.42), new Coordinate(east, 32.42), new Coordinate(east, 32.44),
            new Coordinate(west, 32.44), new Coordinate(west, 32.42),
        ]));
}
