using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Teams;
using static RuleOfLaw.Grains.Teams.TeamStatus;

namespace RuleOfLaw.Domain.Tests.Teams;

public sealed class DispatchRankingTests
{
    private const string Unit = "law-enforcement";

    /// <summary>The case: 32.43°N 105.84°E. A degree of latitude is about 111.2 km, so 0.001° north is about 111 m.</summary>
    private static readonly MapPoint Case = new(105.84, 32.43);

    private static MapPoint North(double degrees) => new(Case.Longitude, Case.Latitude + degrees);

    private static TeamCandidate Team(string id, TeamStatus status, MapPoint? at, int load = 0) =>
        new(id, Text.Of($"{id} 队", $"Team {id}"), status, at, load);

    private static IReadOnlyList<string> Order(params TeamCandidate[] teams) =>
        [.. DispatchRanking.Rank(Unit, Case, teams).Teams.Select(team => team.TeamId)];

    [Fact]
    public void AvailableTeamsComeFirstThenReturningThenBusyAndOutOfServiceLastWhateverTheDistance()
    {
        var order = Order(
            Team("out", OutOfService, Case),
            Team("on-scene", OnScene, North(0.001)),
            Team("returning", Returning, North(0.05)),
            Team("en-route", EnRoute, North(0.002)),
            Team("available", Available, North(0.1)),
            Team("dispatched", Dispatched, North(0.003)));

        Assert.Equal(["available", "returning", "on-scene", "en-route", "dispatched", "out"], order);
    }

    [Fact]
    public void AmongTeamsOfOneReadinessTheNearestComesFirstAndTeamsWithoutAPositionAfterEveryLocatedOne()
    {
        var order = Order(
            Team("nowhere", Available, null),
            Team("far", Available, North(0.02), load: 0),
            Team("near", Available, North(0.001), load: 5));

        Assert.Equal(["near", "far", "nowhere"], order);
    }

    [Fact]
    public void AtTheSameDistanceTheTeamWithFewerOpenCasesComesFirstAndEqualTeamsGoByTheirId()
    {
        var order = Order(
            Team("b-busy", Available, North(0.001), load: 2),
            Team("c-idle", Available, North(0.001), load: 0),
            Team("a-idle", Available, North(0.001), load: 0),
            Team("z-unlocated", Returning, null, load: 1),
            Team("y-unlocated", Returning, null, load: 0));

        Assert.Equal(["a-idle", "c-idle", "b-busy", "y-unlocated", "z-unlocated"], order);
    }

    [Fact]
    public void EveryTeamIsNumberedInOrderAndOnlyOutOfServiceTeamsCannotBeChosen()
    {
        var ranking = DispatchRanking.Rank(Unit, Case, [Team("out", OutOfService, Case), Team("busy", OnScene, Case), Team("free", Available, null)]);

        Assert.Equal(Unit, ranking.UnitId);
        Assert.Equal([1, 2, 3], ranking.Teams.Select(team => team.Rank));
        Assert.Equal([true, true, false], ranking.Teams.Select(team => team.Selectable));
        Assert.Equal(3, ranking.Find("out")!.Rank);
        Assert.Null(ranking.Find("nobody"));
    }

    [Fact]
    public void TheDistanceIsTheStraightLineInWholeMetresAndNullWithoutAPosition()
    {
        var ranking = DispatchRanking.Rank(Unit, Case, [Team("near", Available, North(0.01)), Team("nowhere", Available, null)]);

        // 0.01° of latitude on the mean Earth sphere: 6,371,008.8 m × π / 18,000.
        Assert.Equal(1112, ranking.Teams[0].DistanceMetres);
        Assert.Null(ranking.Teams[1].DistanceMetres);
        Assert.Equal(0, DispatchRanking.Distance(Case, Case));
    }

    [Fact]
    public void ReasonsSayStatusDistanceAndLoadInBothLanguages()
    {
        var ranking = DispatchRanking.Rank(Unit, Case, [
            Team("near", Available, North(0.01), load: 0),
            Team("close", Returning, North(0.005), load: 1),
            Team("busy", EnRoute, null, load: 3),
            Team("out", OutOfService, null)]);

        Assert.Equal(
            [Text.Of("空闲待命", "available"), Text.Of("距离 1.1 km", "1.1 km away"), Text.Of("在办 0 件", "0 open cases")],
            ranking.Find("near")!.Reasons);
        Assert.Equal(
            [Text.Of("返程中，可改派", "returning, can be redirected"), Text.Of("距离 556 m", "556 m away"), Text.Of("在办 1 件", "1 open case")],
            ranking.Find("close")!.Reasons);
        Assert.Equal(
            [Text.Of("忙碌：在途", "busy: en route"), Text.Of("无位置", "no position"), Text.Of("在办 3 件", "3 open cases")],
            ranking.Find("busy")!.Reasons);
        Assert.Equal(Text.Of("暂停服务，不可派遣", "out of service, not available"), ranking.Find("out")!.Reasons[0]);
    }

    [Fact]
    public void NoTeamsMakeAnEmptyRanking()
    {
        Assert.Empty(DispatchRanking.Rank(Unit, Case, []).Teams);
    }
}
