using System.Net;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Units;

/// <summary>A unit finds its work in its queue; reads are scoped by jurisdiction and unit.</summary>
[Collection(SharedNodeCollection.Name)]
public sealed class UnitQueueTests(SharedNode node)
{
    [Fact]
    public async Task ADispatchedCaseIsInTheQueueOfItsUnitAndLeavesItWhenReturned()
    {
        using var crew = await Crew.In(node, DemoAreas.RefusalStreet, gridIndex: 5);
        var incident = await crew.Dispatched();
        var id = incident.Text("id");
        var unit = incident.Text("assignedUnitId");
        var handler = crew.Unit(unit);

        var queue = await handler.GetAsync($"api/units/{unit}/incidents?state=Dispatched&pageSize=200").Expect(HttpStatusCode.OK);
        Assert.Equal(unit, queue.Text("scope"));
        Assert.Contains(id, queue.GetProperty("items").EnumerateArray().Select(item => item.Text("id")));

        await Crew.Step(handler, id, "request-return", new { reason = "不属本单位职责" });
        await Crew.Step(crew.Dispatcher, id, "decide-return", new { approved = true });

        var after = await crew.Dispatcher.GetAsync($"api/units/{unit}/incidents?pageSize=200").Expect(HttpStatusCode.OK);
        Assert.DoesNotContain(id, after.GetProperty("items").EnumerateArray().Select(item => item.Text("id")));
    }

    [Fact]
    public async Task AUnitHandlerSeesOnlyTheQueueOfTheirOwnUnit()
    {
        using var stranger = node.Client(Role.UnitHandler, DemoAreas.District, "housing");

        var problem = await stranger.GetAsync("api/units/law-enforcement/incidents").Expect(HttpStatusCode.Forbidden);

        Assert.Contains("housing", problem.Text("detail"), StringComparison.Ordinal);
        await stranger.GetAsync("api/units/nobody/incidents").Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ACaseIsHiddenFromThoseOutsideItsJurisdictionUnlessItIsTheirUnitsCase()
    {
        using var crew = await Crew.In(node, DemoAreas.RefusalStreet, gridIndex: 6);
        var incident = await crew.Dispatched();
        var id = incident.Text("id");
        using var otherStreetLeader = node.Client(Role.Leader, DemoAreas.LoopStreet);
        using var assignedUnitElsewhere = node.Client(Role.UnitHandler, DemoAreas.LoopStreet, incident.Text("assignedUnitId"));

        await otherStreetLeader.GetAsync($"api/incidents/{id}").Expect(HttpStatusCode.Forbidden);
        await otherStreetLeader.GetAsync($"api/incidents/{id}/history").Expect(HttpStatusCode.Forbidden);
        await otherStreetLeader.GetAsync($"api/areas/{DemoAreas.RefusalStreet}/incidents").Expect(HttpStatusCode.Forbidden);
        await otherStreetLeader.GetAsync($"api/areas/{DemoAreas.RefusalStreet}/counters").Expect(HttpStatusCode.Forbidden);
        await assignedUnitElsewhere.GetAsync($"api/incidents/{id}").Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ARoleGivenAsANumberIsNotAccepted()
    {
        using var client = node.Anonymous();
        client.DefaultRequestHeaders.Add(ActorHeaders.UserHeader, "someone");
        client.DefaultRequestHeaders.Add(ActorHeaders.RoleHeader, "3");
        client.DefaultRequestHeaders.Add(ActorHeaders.AreaHeader, DemoAreas.District);

        var problem = await client.GetAsync("api/units").Expect(HttpStatusCode.Unauthorized);

        Assert.Contains(ActorHeaders.RoleHeader, problem.Text("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LabelsNameEveryStateAndStepInBothLanguages()
    {
        using var leader = node.Client(Role.Leader);

        var labels = await leader.GetAsync("api/labels").Expect(HttpStatusCode.OK);

        Assert.Equal("已立案", labels.GetProperty("states").GetProperty("Registered").Text("zhCn"));
        Assert.Equal("Register", labels.GetProperty("steps").GetProperty("register").Text("en"));
        Assert.Equal(14, labels.GetProperty("states").EnumerateObject().Count());
        Assert.Equal(Enum.GetValues<CommandKind>().Length, labels.GetProperty("steps").EnumerateObject().Count());
        Assert.Equal("合并", labels.GetProperty("steps").GetProperty("merge").Text("zhCn"));
        Assert.Equal("吹哨", labels.GetProperty("steps").GetProperty("summon").Text("zhCn"));
        Assert.Equal("系统", labels.GetProperty("roles").GetProperty("System").Text("zhCn"));
    }
}
