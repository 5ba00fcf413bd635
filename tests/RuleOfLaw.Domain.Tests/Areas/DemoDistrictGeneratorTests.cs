using System.Text.RegularExpressions;
using NetTopologySuite.Coverage;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Overlay;
using NetTopologySuite.Operation.OverlayNG;
using RuleOfLaw.Grains.Areas;

namespace RuleOfLaw.Domain.Tests.Areas;

public sealed partial class DemoDistrictGeneratorTests
{
    private static readonly (string Code, string NameZh, string NameEn)[] _expectedStreets =
    [
        ("510802001", "东坝街道", "Dongba Subdistrict"),
        ("510802002", "嘉陵街道", "Jialing Subdistrict"),
        ("510802003", "河西街道", "Hexi Subdistrict"),
        ("510802004", "上西街道", "Shangxi Subdistrict"),
        ("510802005", "南河街道", "Nanhe Subdistrict"),
        ("510802006", "雪峰街道", "Xuefeng Subdistrict"),
        ("510802007", "回龙河街道", "Huilonghe Subdistrict"),
        ("510802008", "宝轮镇", "Baolun Town"),
        ("510802009", "大石镇", "Dashi Town"),
        ("510802010", "荣山镇", "Rongshan Town"),
        ("510802011", "三堆镇", "Sandui Town"),
    ];

    [Fact]
    public void GeneratingTwiceWithTheSameSeedGivesAByteIdenticalModel()
    {
        var again = DemoDistrictGenerator.Generate(DemoDistrictGenerator.DefaultSeed);

        Assert.Equal(AreaModelJson.Serialize(DemoDistrict.Model), AreaModelJson.Serialize(again));
    }

    [Fact]
    public void ADifferentSeedGivesADifferentDistrictWithTheSameStreets()
    {
        var other = DemoDistrictGenerator.Generate(seed: 7);

        Assert.Equal(7, other.Seed);
        Assert.NotEqual(AreaModelJson.Serialize(DemoDistrict.Model), AreaModelJson.Serialize(other));
        Assert.Equal(
            _expectedStreets.Select(s => s.Code),
            other.Areas.Where(a => a.Level == AreaLevel.Street).Select(a => a.Code));
    }

    [Fact]
    public void TheDistrictIsLizhouWithItsElevenStreetsAndTownships()
    {
        var directory = DemoDistrict.Directory;

        Assert.Equal("510802", directory.District.Code.Value);
        Assert.Equal("利州区", directory.District.Name.ZhCn);
        Assert.Null(directory.District.ParentCode);
        Assert.Equal(
            _expectedStreets,
            directory.Children("510802").Select(s => (s.Code.Value, s.Name.ZhCn, s.Name.En)));
    }

    [Fact]
    public void TheDistrictIsAboutThirtyFiveKilometresAcrossAroundTheCentreOfLizhou()
    {
        var district = DemoDistrict.Directory.District;
        var envelope = district.Geometry.EnvelopeInternal;

        Assert.InRange(envelope.Width * AreaGeometry.MetresPerDegreeLongitude(32.43), 30_000, 40_000);
        Assert.InRange(envelope.Height * AreaGeometry.MetresPerDegree, 30_000, 40_000);
        Assert.InRange(district.Centroid.X, 105.79, 105.89);
        Assert.InRange(district.Centroid.Y, 32.38, 32.48);
        Assert.InRange(district.AreaSquareMetres, 700e6, 1_300e6);
    }

    [Fact]
    public void EveryLevelHasEnoughAreas()
    {
        var directory = DemoDistrict.Directory;

        Assert.Equal(11, DemoDistrict.OfLevel(AreaLevel.Street).Count());
        Assert.True(DemoDistrict.OfLevel(AreaLevel.Community).Count() >= 33);
        Assert.True(DemoDistrict.OfLevel(AreaLevel.Grid).Count() >= 600);
        Assert.All(DemoDistrict.OfLevel(AreaLevel.Street), street => Assert.True(directory.Children(street.Code.Value).Count >= 3));
        Assert.All(DemoDistrict.OfLevel(AreaLevel.Community), community => Assert.True(directory.Children(community.Code.Value).Count >= 18));
    }

    [Fact]
    public void EveryGridHasOneOrTwoWorkersAndExactlyOneGridLeader()
    {
        var directory = DemoDistrict.Directory;

        Assert.All(DemoDistrict.OfLevel(AreaLevel.Grid), grid =>
        {
            var workers = directory.WorkersOf(grid.Code.Value);
            Assert.InRange(workers.Count, 1, 2);
            var leader = Assert.Single(workers, w => w.IsGridLeader);
            Assert.Equal(leader.Id, grid.GridLeaderId);
            Assert.All(workers, w => Assert.Equal(grid.Code.Value, w.GridCode));
        });
        Assert.Equal(DemoDistrict.Model.Workers.Count, DemoDistrict.OfLevel(AreaLevel.Grid).Sum(g => directory.WorkersOf(g.Code.Value).Count));
    }

    [Fact]
    public void GridWorkersHaveWellFormedIdsNamesAndPhoneNumbers()
    {
        Assert.All(DemoDistrict.Model.Workers, worker =>
        {
            Assert.Matches(WorkerId(), worker.Id);
            Assert.StartsWith($"gw-{worker.GridCode}-", worker.Id, StringComparison.Ordinal);
            Assert.Matches(ChineseName(), worker.NameZh);
            Assert.Matches(PinyinName(), worker.NameEn);
            Assert.Matches(MobileNumber(), worker.Phone);
        });
    }

    [Fact]
    public void EveryCodeExtendsItsParentsCodeByThreeDigitsAndMatchesItsLevel()
    {
        Assert.All(DemoDistrict.Model.Areas, record =>
        {
            Assert.Matches(AllDigits(), record.Code);
            Assert.Equal((int)record.Level, record.Code.Length);
            if (record.Level == AreaLevel.District)
            {
                Assert.Null(record.ParentCode);
            }
            else
            {
                Assert.Equal(record.Code[..^3], record.ParentCode);
                Assert.NotNull(DemoDistrict.Directory.Find(record.ParentCode!));
            }
        });
    }

    [Fact]
    public void ChildrenAreNumberedContiguouslyFromOneWithinTheirParent()
    {
        var directory = DemoDistrict.Directory;

        Assert.All(directory.All.Where(a => a.Level != AreaLevel.Grid), parent =>
        {
            var numbers = directory.Children(parent.Code.Value).Select(c => int.Parse(c.Code.Value[^3..])).ToList();
            Assert.Equal(Enumerable.Range(1, numbers.Count), numbers);
        });
    }

    [Fact]
    public void GridsAndCommunitiesAreNumberedWestToEastWithinRowBandsFromNorthToSouth()
    {
        var directory = DemoDistrict.Directory;

        Assert.All(directory.All.Where(a => a.Level is AreaLevel.Street or AreaLevel.Community), parent =>
        {
            var envelope = parent.Geometry.EnvelopeInternal;
            var children = directory.Children(parent.Code.Value);
            var rows = GridNumbering.RowCount(envelope, children.Count);
            for (var i = 1; i < children.Count; i++)
            {
                var (previous, next) = (children[i - 1].Centroid.Coordinate, children[i].Centroid.Coordinate);
                var (previousRow, nextRow) = (GridNumbering.RowOf(envelope, rows, previous), GridNumbering.RowOf(envelope, rows, next));
                Assert.True(
                    previousRow < nextRow || (previousRow == nextRow && previous.X < next.X),
                    $"{children[i - 1].Code} (row {previousRow}) should precede {children[i].Code} (row {nextRow}).");
            }

            if (rows > 1)
            {
                Assert.True(children[0].Centroid.Y > children[^1].Centroid.Y, $"The first child of {parent.Code} should lie north of the last.");
            }
        });
    }

    [Fact]
    public void NamesFollowTheLadder()
    {
        var directory = DemoDistrict.Directory;

        Assert.All(DemoDistrict.OfLevel(AreaLevel.Grid), grid =>
        {
            var community = directory.Find(grid.ParentCode!.Value)!;
            var street = directory.Find(community.ParentCode!.Value)!;
            var number = grid.Code.Value[^3..];
            Assert.Equal($"{street.Name.ZhCn}{community.Name.ZhCn}第{number}网格", grid.Name.ZhCn);
            Assert.Equal($"{community.Name.En} Grid {number}", grid.Name.En);
            Assert.EndsWith(street.Name.ZhCn.EndsWith('镇') ? "村" : "社区", community.Name.ZhCn, StringComparison.Ordinal);
            Assert.EndsWith(street.Name.ZhCn.EndsWith('镇') ? " Village" : " Community", community.Name.En, StringComparison.Ordinal);
        });
        var communityNames = DemoDistrict.OfLevel(AreaLevel.Community).Select(c => c.Name.ZhCn).ToList();
        Assert.Equal(communityNames.Count, communityNames.Distinct().Count());
    }

    [Fact]
    public void EveryPolygonIsValidAndOnTheFixedPrecisionGrid()
    {
        Assert.All(DemoDistrict.Directory.All, area =>
        {
            Assert.True(area.Geometry.IsValid, $"{area.Code} is not valid.");
            Assert.Equal(0, area.Geometry.NumInteriorRings);
            Assert.All(area.Geometry.Coordinates, c =>
            {
                Assert.Equal(AreaGeometry.PrecisionModel.MakePrecise(c.X), c.X);
                Assert.Equal(AreaGeometry.PrecisionModel.MakePrecise(c.Y), c.Y);
            });
        });
    }

    [Fact]
    public void GridsTileTheirCommunity() => AssertChildrenTileTheirParents(AreaLevel.Community);

    [Fact]
    public void CommunitiesTileTheirStreet() => AssertChildrenTileTheirParents(AreaLevel.Street);

    [Fact]
    public void StreetsTileTheDistrict() => AssertChildrenTileTheirParents(AreaLevel.District);

    [Fact]
    public void AllGridsTogetherFormAValidCoverageWhoseNeighboursShareEveryVertex()
    {
        var grids = DemoDistrict.OfLevel(AreaLevel.Grid).Select(g => (Geometry)g.Geometry).ToArray();

        Assert.True(CoverageValidator.IsValid(grids));
    }

    [Fact]
    public void UrbanSubdistrictsHaveSmallerGridsThanRuralTowns()
    {
        var directory = DemoDistrict.Directory;
        double MeanGridArea(Area street) => directory.GridsUnder(street.Code.Value).Average(g => g.AreaSquareMetres);
        var streets = directory.Children(directory.District.Code.Value);

        Assert.True(streets.Take(7).Average(MeanGridArea) < streets.Skip(7).Average(MeanGridArea) / 2);
    }

    [Fact]
    public void AreasOfChildrenAddUpToTheirParent()
    {
        var directory = DemoDistrict.Directory;
        var gridTotal = DemoDistrict.OfLevel(AreaLevel.Grid).Sum(g => g.AreaSquareMetres);

        Assert.InRange(gridTotal / directory.District.AreaSquareMetres, 0.995, 1.005);
    }

    private static void AssertChildrenTileTheirParents(AreaLevel parentLevel)
    {
        var directory = DemoDistrict.Directory;
        Assert.All(DemoDistrict.OfLevel(parentLevel), parent =>
        {
            var children = directory.Children(parent.Code.Value).Select(c => c.Geometry).ToList();
            var union = OverlayNGRobust.Union(children);
            var symmetricDifference = OverlayNGRobust.Overlay(union, parent.Geometry, SpatialFunction.SymDifference).Area;
            Assert.True(
                symmetricDifference < 1e-9 * parent.Geometry.Area,
                $"The children of {parent.Code} differ from it by {symmetricDifference} deg².");

            for (var i = 0; i < children.Count; i++)
            {
                for (var j = i + 1; j < children.Count; j++)
                {
                    if (!children[i].EnvelopeInternal.Intersects(children[j].EnvelopeInternal))
                    {
                        continue;
                    }

                    var overlap = OverlayNGRobust.Overlay(children[i], children[j], SpatialFunction.Intersection).Area;
                    Assert.True(overlap < 1e-12, $"Children {i + 1} and {j + 1} of {parent.Code} overlap by {overlap} deg².");
                }
            }
        });
    }

    [GeneratedRegex("^[0-9]+$")]
    private static partial Regex AllDigits();

    [GeneratedRegex("^gw-[0-9]{15}-[12]$")]
    private static partial Regex WorkerId();

    [GeneratedRegex(@"^\p{IsCJKUnifiedIdeographs}{2,3}$")]
    private static partial Regex ChineseName();

    [GeneratedRegex("^[A-Z][a-z]+ [A-Z][a-z]+$")]
    private static partial Regex PinyinName();

    [GeneratedRegex("^1[3-9][0-9]{9}$")]
    private static partial Regex MobileNumber();
}
