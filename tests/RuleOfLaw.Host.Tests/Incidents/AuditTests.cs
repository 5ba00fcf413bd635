using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Host.Tests.Infrastructure;
using RuleOfLaw.Silo.Storage;

namespace RuleOfLaw.Host.Tests.Incidents;

/// <summary>
/// The tamper-evident record of a case (domain.md §7) on the real node: its chain verified from
/// what the database holds while the node runs, and its accountability packet as JSON and as a
/// printable page, read under the same rules as the case.
/// </summary>
[Collection(SharedNodeCollection.Name)]
public sealed class AuditTests(SharedNode node) : IAsyncLifetime
{
    private Crew _crew = null!;

    public async Task InitializeAsync() => _crew = await Crew.In(node, DemoAreas.AuditStreet);

    public Task DisposeAsync()
    {
        _crew.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task AnEventEditedInTheDatabaseWhileTheNodeRunsIsNamedAsTheFirstBrokenLink()
    {
        var id = await DriveFiveSteps(_crew);
        var intact = await _crew.Leader.GetAsync($"api/incidents/{id}/audit").Expect(HttpStatusCode.OK);
        Assert.True(intact.GetProperty("verified").GetBoolean());
        Assert.Equal(5, intact.GetProperty("events").GetInt32());

        Assert.Equal(1, await EditStoredEvent(id, version: 3, "\"actorUserId\":\"shift-leader-test\"", "\"actorUserId\":\"someone-else\""));

        var broken = await _crew.Leader.GetAsync($"api/incidents/{id}/audit").Expect(HttpStatusCode.OK);
        Assert.Equal(id, broken.Text("incidentId"));
        Assert.False(broken.GetProperty("verified").GetBoolean());
        Assert.Equal(5, broken.GetProperty("events").GetInt32());
        Assert.Equal(3, broken.GetProperty("firstBrokenVersion").GetInt32());
        Assert.Equal("ContentMismatch", broken.Text("breakKind"));
        Assert.Equal("Event 3's content does not match its hash.", broken.Text("reason"));
        using var chinese = node.Client(Role.Leader, language: null);
        Assert.Equal("第 3 号事件的内容与其哈希值不符。", (await chinese.GetAsync($"api/incidents/{id}/audit").Expect(HttpStatusCode.OK)).Text("reason"));

        // The case as the node holds it is untouched: the audit read the store, not the grain's memory.
        var history = (await _crew.Details(id)).GetProperty("history");
        Assert.Equal("shift-leader-test", history[2].Text("actorUserId"));
    }

    [Fact]
    public async Task ALastEventDeletedFromTheDatabaseIsNamedAsAMissingVersion()
    {
        var id = await DriveFiveSteps(_crew);

        Assert.Equal(1, await Execute("DELETE FROM incident_events WHERE incident_id = @id AND version = 5", id));

        var broken = await _crew.Leader.GetAsync($"api/incidents/{id}/audit").Expect(HttpStatusCode.OK);
        Assert.False(broken.GetProperty("verified").GetBoolean());
        Assert.Equal(4, broken.GetProperty("events").GetInt32());
        Assert.Equal(5, broken.GetProperty("firstBrokenVersion").GetInt32());
        Assert.Equal("Missing", broken.Text("breakKind"));
        Assert.Equal("Version 5 is missing.", broken.Text("reason"));
    }

    [Fact]
    public async Task ThePacketCarriesTheCaseAndEveryEventWithActorRoleUnitTimeReasonLegalBasisAndSealsAndTheVerdict()
    {
        var before = DateTimeOffset.UtcNow;
        var id = await DriveFiveSteps(_crew);
        var subcategory = await _crew.Leader.GetAsync("api/catalogue/CG03").Expect(HttpStatusCode.OK);
        var unit = subcategory.Text("leadUnit");

        var packet = await _crew.Leader.GetAsync($"api/incidents/{id}/accountability").Expect(HttpStatusCode.OK);

        Assert.InRange(packet.GetProperty("generatedAt").GetDateTimeOffset(), before, DateTimeOffset.UtcNow);
        Assert.Equal("leader-test", packet.GetProperty("generatedBy").Text("userId"));
        Assert.Equal("Leader", packet.GetProperty("generatedBy").Text("role"));
        Assert.Equal(id, packet.GetProperty("incident").Text("id"));
        Assert.Equal("InProgress", packet.GetProperty("incident").Text("state"));
        Assert.Equal(subcategory.GetProperty("legalBasis").GetRawText(), packet.GetProperty("subcategory").GetProperty("legalBasis").GetRawText());

        var history = packet.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3, 4, 5], history.Select(entry => entry.GetProperty("version").GetInt32()));
        (string Command, string User, string Role, string? Unit, string? Reason)[] expected =
        [
            ("Report", "gw-test", "GridWorker", null, null),
            ("Forward", "intake-test", "Intake", null, "转值班长立案"),
            ("Register", "shift-leader-test", "ShiftLeader", null, "符合立案条件"),
            ("Dispatch", "dispatcher-test", "Dispatcher", null, null),
            ("Sign", $"handler-{unit}", "UnitHandler", unit, null),
        ];
        var previousHash = new string('0', 64);
        var previousAt = before;
        for (var i = 0; i < history.Count; i++)
        {
            var e = history[i].GetProperty("event");
            Assert.Equal(expected[i], (e.Text("command"), e.Text("actorUserId"), e.Text("actorRole"), e.GetProperty("actorUnitId").GetString(), e.GetProperty("reason").GetString()));
            Assert.Equal(subcategory.GetProperty("legalBasis").GetRawText(), e.GetProperty("legalBasis").GetRawText());
            var at = e.GetProperty("at").GetDateTimeOffset();
            Assert.InRange(at, previousAt, DateTimeOffset.UtcNow);
            previousAt = at;

            Assert.Equal(previousHash, history[i].Text("previousHash"));
            Assert.Matches("^[0-9a-f]{64}$", history[i].Text("hash"));
            previousHash = history[i].Text("hash");
        }

        Assert.Equal(["photo/before.jpg"], history[0].GetProperty("event").Strings("attachments"));
        var verification = packet.GetProperty("verification");
        Assert.True(verification.GetProperty("verified").GetBoolean());
        Assert.Equal(previousHash, verification.Text("headHash"));
        Assert.Equal("All 5 events verify: the chain is intact.", verification.Text("reason"));
    }

    [Fact]
    public async Task ThePacketAsAPageIsSelfContainedPrintableChineseByDefaultAndEncodesEveryValue()
    {
        const string description = "井盖缺失 <script>alert(\"x\")</script> & <b>粗体</b>";
        var id = Crew.NewId();
        await _crew.GridWorker.PostAsJsonAsync("api/incidents", _crew.PatrolReport(id, description: description)).Expect(HttpStatusCode.Created);
        await Crew.Step(_crew.Intake, id, "forward", new { reason = "<img src=x onerror=alert(1)>" });
        using var chinese = node.Client(Role.Leader, language: null);

        using var response = await chinese.GetAsync($"api/incidents/{id}/accountability?format=html");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
        Assert.Contains("<title>事件问责材料 " + id + "</title>", html, StringComparison.Ordinal);
        Assert.Contains("✔ 哈希链完整：全部 2 个事件均通过哈希链校验。", html, StringComparison.Ordinal);
        Assert.Contains("井盖缺失 &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;粗体&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
        Assert.Contains("转值班长", html, StringComparison.Ordinal);
        Assert.Contains("@media print", html, StringComparison.Ordinal);

        // Nothing to load or run: no script, no external reference of any kind.
        foreach (var forbidden in new[] { "<script", "<img", "<b>", "<link", "src=\"", "href=", "url(", "@import", "http://", "https://" })
        {
            Assert.DoesNotContain(forbidden, html, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal("default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("zh-CN", response.Content.Headers.ContentLanguage.Single());
    }

    [Fact]
    public async Task ABrowserAskingForHtmlGetsThePageInTheLanguageItAcceptsWithTheBrokenLinkMarked()
    {
        var id = await DriveFiveSteps(_crew);
        await EditStoredEvent(id, version: 2, "转值班长立案", "转值班长");
        using var browser = node.Client(Role.Leader, language: "en-US,en;q=0.9");
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");

        using var response = await browser.GetAsync($"api/incidents/{id}/accountability");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("<h1>Accountability packet</h1>", html, StringComparison.Ordinal);
        Assert.Contains("✘ Chain broken: Event 2&#x27;s content does not match its hash.", html, StringComparison.Ordinal);
        Assert.Single(html.Split("<tr class=\"broken\">").Skip(1));
        Assert.Contains("<tr class=\"broken\"><td>2</td>", html, StringComparison.Ordinal);

        // An API client that asks for JSON, or for nothing in particular, gets JSON.
        using var api = node.Client(Role.Leader);
        api.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var packet = await api.GetAsync($"api/incidents/{id}/accountability").Expect(HttpStatusCode.OK);
        Assert.Equal(2, packet.GetProperty("verification").GetProperty("firstBrokenVersion").GetInt32());
    }

    [Fact]
    public async Task TheAuditAndThePacketAreReadUnderTheSameRulesAsTheCase()
    {
        var id = await DriveFiveSteps(_crew);
        var unit = (await _crew.Details(id)).GetProperty("incident").Text("assignedUnitId");
        using var leaderElsewhere = node.Client(Role.Leader, "510802001");
        using var handler = node.Client(Role.UnitHandler, DemoAreas.District, unit);
        string[] paths = [$"api/incidents/{id}/audit", $"api/incidents/{id}/accountability", $"api/incidents/{id}/accountability?format=html"];

        foreach (var path in paths)
        {
            var refused = await leaderElsewhere.GetAsync(path).Expect(HttpStatusCode.Forbidden);
            Assert.Equal(403, refused.GetProperty("status").GetInt32());
            Assert.Contains(_crew.Grid, refused.Text("detail"), StringComparison.Ordinal);

            // Supervision material: the shift leader and leaders read it, the unit held to account does not.
            await handler.GetAsync(path).Expect(HttpStatusCode.Forbidden);
            using var allowed = await _crew.ShiftLeader.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        var unknown = Crew.NewId();
        Assert.Equal($"No case with id {unknown}.", (await _crew.Leader.GetAsync($"api/incidents/{unknown}/audit").Expect(HttpStatusCode.NotFound)).Text("detail"));
        await _crew.Leader.GetAsync($"api/incidents/{unknown}/accountability?format=html").Expect(HttpStatusCode.NotFound);
        Assert.Equal(["id"], (await _crew.Leader.GetAsync("api/incidents/not-a-uuid/audit").Expect(HttpStatusCode.BadRequest)).ErrorFields());
        Assert.Equal(["format"], (await _crew.Leader.GetAsync($"api/incidents/{id}/accountability?format=pdf").Expect(HttpStatusCode.BadRequest)).ErrorFields());
        using var anonymous = node.Anonymous();
        await anonymous.GetAsync($"api/incidents/{id}/audit").Expect(HttpStatusCode.Unauthorized);
    }

    /// <summary>Report, forward and register with reasons, dispatch to the power list's unit, sign: five events.</summary>
    private static async Task<string> DriveFiveSteps(Crew crew)
    {
        var id = (await crew.Report()).Text("id");
        await Crew.Step(crew.Intake, id, "forward", new { reason = "转值班长立案" });
        await Crew.Step(crew.ShiftLeader, id, "register", new { reason = "符合立案条件" });
        var unit = (await Crew.Step(crew.Dispatcher, id, "dispatch")).GetProperty("incident").Text("assignedUnitId");
        await Crew.Step(crew.Unit(unit), id, "sign");
        return id;
    }

    /// <summary>What someone with access to the database file does while the node runs: rewrites part of one event's payload.</summary>
    private Task<int> EditStoredEvent(string id, int version, string text, string replacement) =>
        Execute(
            "UPDATE incident_events SET payload = replace(payload, @text, @replacement) WHERE incident_id = @id AND version = @version AND instr(payload, @text) > 0",
            id,
            ("@version", version),
            ("@text", text),
            ("@replacement", replacement));

    private async Task<int> Execute(string sql, string id, params (string Name, object Value)[] parameters)
    {
        var path = new StorageOptions { DataDirectory = node.DataDirectory }.DatabasePath;
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False;Default Timeout=30");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@id", id);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return await command.ExecuteNonQueryAsync();
    }
}
