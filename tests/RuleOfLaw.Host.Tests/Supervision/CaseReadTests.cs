using System.Net;
using System.Text.Json;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Supervision;

/// <summary>
/// The case as GET /api/incidents/{id} returns it carries every order and summons with the fields
/// the console's case panel shows (src/Web/ClientApp/src/console/supervision.ts): who asked and
/// when, by when, who answered, when and what; and a summoned department reads it although the
/// case is not dispatched to it.
/// </summary>
[Collection(SharedNodeCollection.Name)]
public sealed class CaseReadTests(SharedNode node) : IAsyncLifetime
{
    private const string LeadUnit = "law-enforcement";
    private const string Ecology = "ecology";
    private Crew _crew = null!;

    public async Task InitializeAsync() => _crew = await Crew.In(node, DemoAreas.LoopStreet, gridIndex: 4);

    public Task DisposeAsync()
    {
        _crew.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task TheCaseReadCarriesOrdersAndSummonsesWithWhoWhenAndWhatForThePanel()
    {
        var id = (await _crew.InProgress()).Text("id");
        var replyBy = DateTimeOffset.UtcNow.AddDays(2);
        var acknowledgeBy = DateTimeOffset.UtcNow.AddHours(3);
        var issued = (await Crew.Step(_crew.Leader, id, "issue-supervision", new { instruction = "请说明进度", replyBy })).GetProperty("incident");
        var orderId = issued.GetProperty("supervisions")[0].Text("orderId");
        await Crew.Step(_crew.Unit(LeadUnit), id, "reply-supervision", new { orderId, reply = "已处置" });
        var summoned = (await Crew.Step(_crew.Leader, id, "summon", new { unitIds = new[] { Ecology, LeadUnit }, acknowledgeBy, reason = "河道联合处置" })).GetProperty("incident");
        var summonsId = summoned.GetProperty("summonses")[0].Text("summonsId");

        // The summoned department that does not handle the case reads it, and reports in from it.
        var ecology = _crew.Unit(Ecology);
        var read = await ecology.GetAsync($"api/incidents/{id}").Expect(HttpStatusCode.OK);
        Assert.Equal(["acknowledge-summons"], read.Strings("allowed"));
        await Crew.Step(ecology, id, "acknowledge-summons", new { summonsId, commitment = "两小时内到场" });

        var incident = (await _crew.Leader.GetAsync($"api/incidents/{id}").Expect(HttpStatusCode.OK)).GetProperty("incident");
        var order = Assert.Single(incident.GetProperty("supervisions").EnumerateArray().ToList());
        Assert.Equal((orderId, "请说明进度", "已处置"), (order.Text("orderId"), order.Text("instruction"), order.Text("reply")));
        Assert.False(string.IsNullOrEmpty(order.Text("issuedBy")));
        Assert.False(string.IsNullOrEmpty(order.Text("repliedBy")));
        Assert.True(order.GetProperty("issuedAt").GetDateTimeOffset() <= order.GetProperty("repliedAt").GetDateTimeOffset());
        Assert.Equal(replyBy, order.GetProperty("replyBy").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        Assert.False(IsTrue(order, "overdue"));

        var summons = Assert.Single(incident.GetProperty("summonses").EnumerateArray().ToList());
        Assert.Equal((summonsId, "河道联合处置"), (summons.Text("summonsId"), summons.Text("reason")));
        Assert.False(string.IsNullOrEmpty(summons.Text("summonedBy")));
        Assert.True(summons.GetProperty("summonedAt").GetDateTimeOffset() < acknowledgeBy);
        Assert.Equal(acknowledgeBy, summons.GetProperty("acknowledgeBy").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        var units = summons.GetProperty("units").EnumerateArray().ToDictionary(unit => unit.Text("unitId"));
        Assert.Equal([Ecology, LeadUnit], units.Keys.Order());
        Assert.Equal("两小时内到场", units[Ecology].Text("commitment"));
        Assert.Equal(JsonValueKind.String, units[Ecology].GetProperty("acknowledgedAt").ValueKind);
        Assert.False(string.IsNullOrEmpty(units[Ecology].Text("acknowledgedBy")));
        Assert.True(IsAbsent(units[LeadUnit], "acknowledgedAt"));
        Assert.False(IsTrue(units[LeadUnit], "overdue"));
    }

    // The page reads a missing value as null and a missing flag as false: either spelling passes.
    private static bool IsAbsent(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null;

    private static bool IsTrue(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
}
