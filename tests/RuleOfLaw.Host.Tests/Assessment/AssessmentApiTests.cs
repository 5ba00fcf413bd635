using System.Net;
using System.Text.Json;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Assessment;

/// <summary>
/// The assessment over HTTP on a real node: figures that follow the cases at once, the revisit
/// loop, rankings, who may read what, and bad input named by field. Cases go to grids of their
/// own deep in a street, so a grid's figures are this class's alone; the district's are shared
/// with every other test and only compared before and after.
/// </summary>
[Collection(SharedNodeCollection.Name)]
public sealed class AssessmentApiTests(SharedNode node)
{
    private const string Unit = "law-enforcement";

    [Fact]
    public async Task AGridsFiguresFollowItsCasesAtOnceThroughRevisitAndADisputedClosure()
    {
        using var crew = await Crew.In(node, DemoAreas.OtherLiveStreet, gridIndex: 50);
        var closed = await Close(crew);
        var disputed = await Close(crew);
        await crew.Report();

        await Crew.Step(crew.Intake, closed, "revisit", new { satisfaction = "BasicallySatisfied" });
        var reopened = await Crew.Step(crew.Intake, disputed, "revisit", new { satisfaction = "Dissatisfied", disputed = true, reason = "垃圾又堆起来了 garbage is back" });

        Assert.Equal("Dispatched", reopened.GetProperty("incident").Text("state"));
        Assert.Equal(1, reopened.GetProperty("incident").GetProperty("reworkCount").GetInt32());
        var figures = await crew.Leader.GetAsync($"api/assessment/areas/{crew.Grid}").Expect(HttpStatusCode.OK);
        var counters = figures.GetProperty("counters");
        Assert.Equal(
            (3, 2, 2, 2, 1, 2, 1, 1, 1),
            (Count(counters, "reported"), Count(counters, "validReports"), Count(counters, "dispatches") - Count(counters, "rework"),
             Count(counters, "dueToClose"), Count(counters, "closed"), Count(counters, "revisited"), Count(counters, "satisfied"),
             Count(counters, "disputed"), Count(counters, "rework")));
        Assert.Equal(0.6667m, figures.GetProperty("rates").GetProperty("validReportRate").GetDecimal());
        Assert.Equal(0.5m, figures.GetProperty("rates").GetProperty("closureRate").GetDecimal());
        Assert.Equal(0.5m, figures.GetProperty("rates").GetProperty("satisfactionRate").GetDecimal());
        Assert.Equal(0m, figures.GetProperty("rates").GetProperty("missedReportRate").GetDecimal());
        Assert.Equal(0.6667m, figures.GetProperty("rates").GetProperty("dispatchAccuracy").GetDecimal());
    }

    [Fact]
    public async Task ACaseCountsInItsCommunityStreetAndDistrictOnceTheRollUpsArrive()
    {
        using var crew = await Crew.In(node, DemoAreas.OtherLiveStreet, gridIndex: 52);
        var community = crew.Grid[..12];
        var before = Count((await crew.Leader.GetAsync($"api/assessment/areas/{community}").Expect(HttpStatusCode.OK)).GetProperty("counters"), "reported");

        await crew.Report();

        await Eventually(
            async () => Count((await crew.Leader.GetAsync($"api/assessment/areas/{community}").Expect(HttpStatusCode.OK)).GetProperty("counters"), "reported") == before + 1,
            $"community {community} to count the new report");
        var street = await crew.Leader.GetAsync($"api/assessment/areas/{DemoAreas.OtherLiveStreet}").Expect(HttpStatusCode.OK);
        Assert.Equal("Area", street.Text("scope"));
        Assert.False(string.IsNullOrEmpty(street.Text("name")));
    }

    [Fact]
    public async Task AUnitReadsItsOwnScoreAndGradeAndLeadersSeeUnitsAndStreetsRanked()
    {
        using var crew = await Crew.In(node, DemoAreas.OtherLiveStreet, gridIndex: 53);
        await Close(crew);
        using var handler = node.Client(Role.UnitHandler, DemoAreas.District, Unit);
        using var otherHandler = node.Client(Role.UnitHandler, DemoAreas.District, "housing");

        var own = await handler.GetAsync($"api/assessment/units/{Unit}").Expect(HttpStatusCode.OK);
        await otherHandler.GetAsync($"api/assessment/units/{Unit}").Expect(HttpStatusCode.Forbidden);
        var units = await crew.Leader.GetAsync("api/assessment/rankings/units").Expect(HttpStatusCode.OK);
        var streets = await crew.Leader.GetAsync($"api/assessment/rankings/streets?area={DemoAreas.District}").Expect(HttpStatusCode.OK);

        Assert.True(own.GetProperty("score").GetDecimal() is >= 0m and <= 100m);
        Assert.Contains(own.Text("grade"), new[] { "A", "B", "C", "D", "E" });
        var row = units.GetProperty("rows").EnumerateArray().Single(candidate => candidate.Text("key") == Unit);
        Assert.Equal(own.GetProperty("rank").GetInt32(), row.GetProperty("rank").GetInt32());
        Assert.Equal(own.GetProperty("score").GetDecimal(), row.GetProperty("score").GetDecimal());
        AssertRanked(units);
        AssertRanked(streets);
        Assert.Equal(DemoAreas.StreetCount, streets.GetProperty("rows").GetArrayLength());
    }

    [Fact]
    public async Task AGridWorkerReadsTheirOwnFiguresAndNoOneElses()
    {
        using var crew = await Crew.In(node, DemoAreas.OtherLiveStreet, gridIndex: 54);
        await crew.Report();
        var self = ActorHeaders.DefaultUser(Role.GridWorker);
        using var colleague = node.Client(Role.GridWorker, crew.Grid, user: "gw-colleague");

        var own = await crew.GridWorker.GetAsync($"api/assessment/people/{self}").Expect(HttpStatusCode.OK);
        await colleague.GetAsync($"api/assessment/people/{self}").Expect(HttpStatusCode.Forbidden);
        await crew.Leader.GetAsync($"api/assessment/people/{self}").Expect(HttpStatusCode.OK);

        Assert.Equal("Person", own.Text("scope"));
        Assert.True(Count(own.GetProperty("counters"), "reported") >= 1);
    }

    [Theory]
    [InlineData("api/assessment/areas/510802?from=2026-13-01", "from")]
    [InlineData("api/assessment/areas/510802?to=tomorrow", "to")]
    [InlineData("api/assessment/areas/510802?from=2026-11-01&to=2026-11-01", "to")]
    [InlineData("api/assessment/areas/510802?from=2026-11-02&to=2026-11-01", "to")]
    [InlineData("api/assessment/areas/51080?from=2026-11-01", "code")]
    [InlineData("api/assessment/units/law-enforcement?from=1-1-2026", "from")]
    [InlineData("api/assessment/people/leader-test?to=2026/12/01", "to")]
    [InlineData("api/assessment/rankings/streets?area=510802001", "area")]
    [InlineData("api/assessment/rankings/units?area=x", "area")]
    [InlineData("api/assessment/rankings/units?from=2026-12-01&to=2026-11-01", "to")]
    public async Task BadInputIsA400NamingTheField(string path, string field)
    {
        using var leader = node.Client(Role.Leader);

        var problem = await leader.GetAsync(path).Expect(HttpStatusCode.BadRequest);

        Assert.Contains(field, problem.ErrorFields());
    }

    [Theory]
    [InlineData("api/assessment/areas/510802099")]
    [InlineData("api/assessment/units/no-such-unit")]
    [InlineData("api/assessment/people/nobody-here")]
    [InlineData("api/assessment/rankings/units?area=510899")]
    public async Task AnUnknownAreaUnitOrPersonIsA404(string path)
    {
        using var leader = node.Client(Role.Leader);

        var problem = await leader.GetAsync(path).Expect(HttpStatusCode.NotFound);

        Assert.False(string.IsNullOrEmpty(problem.Text("detail")));
    }

    [Fact]
    public async Task RefusalsAndErrorsSpeakChineseByDefault()
    {
        using var leader = node.Client(Role.Leader, language: null);

        var problem = await leader.GetAsync("api/assessment/areas/510802?from=2026-11-02&to=2026-11-01").Expect(HttpStatusCode.BadRequest);

        Assert.Contains("须晚于", problem.GetProperty("errors").GetProperty("to")[0].GetString());
    }

    private static async Task<string> Close(Crew crew)
    {
        var incident = await crew.InProgress();
        var id = incident.Text("id");
        await Crew.Step(crew.Unit(incident.Text("assignedUnitId")), id, "handle", new { attachments = new[] { "photo/after.jpg" } });
        await Crew.Step(crew.Intake, id, "send-check");
        await Crew.Step(crew.GridWorker, id, "check", new { passed = true });
        await Crew.Step(crew.ShiftLeader, id, "close", new { closure = "Normal" });
        return id;
    }

    private static int Count(JsonElement counters, string name) => counters.GetProperty(name).GetInt32();

    /// <summary>Ranks 1, 2, 3 … with scores never rising down the list, unscored rows last.</summary>
    private static void AssertRanked(JsonElement ranking)
    {
        var rows = ranking.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(1, rows.Count), rows.Select(row => row.GetProperty("rank").GetInt32()));
        var scores = rows.Select(row => row.GetProperty("score").ValueKind == JsonValueKind.Null ? (decimal?)null : row.GetProperty("score").GetDecimal()).ToList();
        var scored = scores.TakeWhile(score => score is not null).ToList();
        Assert.All(scores.Skip(scored.Count), score => Assert.Null(score));
        Assert.Equal(scored.OrderByDescending(score => score), scored);
    }

    private static async Task Eventually(Func<Task<bool>> condition, string awaited)
    {
        var deadline = DateTime.UtcNow + Signals.Timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out awaiting {awaited}.");
            await Task.Delay(100);
        }
    }
}
