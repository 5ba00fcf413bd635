using System.Net;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using RuleOfLaw.Browser.Tests.Infrastructure;
using RuleOfLaw.Host.Tests.Identity;
using RuleOfLaw.Host.Tests.Infrastructure;
using RuleOfLaw.Tests.Shared;

namespace RuleOfLaw.Browser.Tests;

/// <summary>
/// Supervision (督办) and whistle-and-report (吹哨报到) from the screens against a real node: a
/// leader goes from the wall to the console, orders the handling unit on a case, the unit sees the
/// order in the case panel and replies, and the leader's queue shows it done; the grid worker
/// summons two departments from the phone, each finds the case in its 吹哨报到 panel and reports in
/// with a commitment, and its tally counts it on time. Figures on screen are compared with the API's.
/// </summary>
[Collection(BrowserNodeCollection.Name)]
public sealed class SupervisionTests(BrowserNode node)
{
    /// <summary>The demo handler's unit, which the power list makes handle CG03 (exposed garbage).</summary>
    private const string HandlingUnit = "law-enforcement";
    private const string Housing = "housing";
    private const string HousingLogin = "handler-housing";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly LocatorWaitForOptions Visible = new() { Timeout = (float)Patience.TotalMilliseconds };
    private static readonly LocatorAssertionsToHaveAttributeOptions Soon = new() { Timeout = (float)Patience.TotalMilliseconds };
    private static readonly Dictionary<string, string> Passwords = [];

    [Fact]
    public async Task ALeaderOrdersFromTheConsoleTheUnitRepliesInTheCasePanelAndTheLeadersQueueShowsItDone()
    {
        var id = await InProgress("小区门口暴露垃圾（督办）");
        var instruction = $"请于三日内说明处置进度 {id[^6..]}";
        var reply = $"已清运完毕，待网格员核查 {id[^6..]}";

        await using var leaderContext = await node.NewContext(1920, 1080);
        var leader = await OpenLeaderConsole(leaderContext);
        var panel = await ConsolePage.OpenCase(leader, "all", id);
        await ConsolePage.TakeStep(leader, "issue-supervision", form => form.GetByLabel("督办要求").FillAsync(instruction));
        await leader.GetByTestId("step-done").WaitForAsync(Visible);

        var order = panel.Locator("[data-testid='supervision-section'] [data-order]");
        await Assertions.Expect(order).ToHaveAttributeAsync("data-status", "Awaiting", Soon);
        await Assertions.Expect(order).ToContainTextAsync(instruction);
        await Assertions.Expect(order.Locator("[data-light]")).ToHaveAttributeAsync("data-light", "Green");
        var row = leader.Locator($"[data-testid='supervision-queue'] tr[data-incident='{id}']");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "Awaiting", Soon);
        await Screenshots.Save(leader, "console-leader-supervision-1920x1080");

        await using var handlerContext = await node.NewContext(1920, 1080);
        var handler = await ConsolePage.Open(node, handlerContext, "handler");
        var handlerPanel = await ConsolePage.OpenCase(handler, "toHandle", id);
        var seen = handlerPanel.Locator("[data-testid='supervision-section'] [data-order]");
        await Assertions.Expect(seen).ToContainTextAsync(instruction, new() { Timeout = (float)Patience.TotalMilliseconds });
        await Assertions.Expect(seen.GetByTestId("order-status")).ToHaveTextAsync("待办");
        await ConsolePage.TakeStep(handler, "reply-supervision", async form =>
        {
            var choice = form.GetByLabel("督办事项");
            // The one order awaiting a reply is offered, by its instruction.
            Assert.Equal(2, await choice.Locator("option").CountAsync());
            await choice.SelectOptionAsync(new SelectOptionValue { Label = instruction });
            await form.GetByLabel("回复内容").FillAsync(reply);
        });
        await Assertions.Expect(seen).ToHaveAttributeAsync("data-status", "Done", Soon);
        await Assertions.Expect(seen.GetByTestId("order-reply")).ToContainTextAsync(reply);

        await leader.GetByTestId("supervision-refresh").ClickAsync();
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "Done", Soon);
        await Assertions.Expect(row).ToContainTextAsync(reply);

        using var api = await BrowserSession.SignIn(node, "leader", node.PasswordOf("leader"));
        var lines = (await api.Client.GetAsync("api/supervision").Expect(HttpStatusCode.OK)).EnumerateArray().ToList();
        var line = lines.Single(entry => entry.Text("incidentId") == id);
        Assert.Equal(("Done", reply, instruction), (line.Text("status"), line.Text("reply"), line.Text("instruction")));
        var counts = leader.GetByTestId("supervision-counts");
        Assert.Equal(lines.Count(entry => entry.Text("status") is "Done" or "DoneLate").ToString(), await counts.GetAttributeAsync("data-done"));
        Assert.Equal(lines.Count(entry => entry.Text("status") == "Awaiting").ToString(), await counts.GetAttributeAsync("data-awaiting"));
        Assert.Equal(lines.Count, await leader.Locator("[data-testid='supervision-queue'] tbody tr").CountAsync());
        await Screenshots.Save(leader, "console-leader-supervision-done-1920x1080");
    }

    [Fact]
    public async Task AGridWorkerSummonsTwoDepartmentsFromThePhoneAndEachReportsInOnTimeFromItsPanel()
    {
        var housingPassword = await HousingHandler();
        var id = await InProgress("楼道墙体开裂（吹哨）");
        var reason = $"房屋结构隐患，住建与执法联合处置 {id[^6..]}";

        await using var phone = await node.NewContext(390, 844);
        var worker = await WorkerPage.Open(node, phone);
        var card = WorkerPage.GridCase(worker, id);
        await card.WaitForAsync(new() { Timeout = WorkerPage.PatienceMs });
        await card.GetByTestId("summon-open").ClickAsync();
        var form = card.GetByTestId("summon-form");
        await form.WaitForAsync(Visible);
        // Nothing chosen yet: the node names the field, beside it.
        await form.GetByLabel("吹哨事由").FillAsync(reason);
        await form.GetByTestId("summon-submit").ClickAsync();
        await form.GetByTestId("field-error-unitIds").WaitForAsync(Visible);

        await form.Locator($"[data-unit='{Housing}'] input").CheckAsync();
        await form.Locator($"[data-unit='{HandlingUnit}'] input").CheckAsync();
        await Assertions.Expect(form.GetByTestId("unit-count")).ToContainTextAsync("已选 2 个");
        await Screenshots.Save(worker, "worker-summon-390x844");
        var scan = await worker.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        Assert.True(scan.Violations.Length == 0, Describe(scan.Violations));
        await form.GetByTestId("summon-submit").ClickAsync();
        await Assertions.Expect(card.GetByTestId("summon-done")).ToContainTextAsync("已吹哨：2 个部门", new() { Timeout = WorkerPage.PatienceMs });

        using var leaderApi = await BrowserSession.SignIn(node, "leader", node.PasswordOf("leader"));
        var summons = (await leaderApi.Client.GetAsync($"api/incidents/{id}").Expect(HttpStatusCode.OK)).GetProperty("incident").GetProperty("summonses").EnumerateArray().Single();
        Assert.Equal([Housing, HandlingUnit], summons.GetProperty("units").EnumerateArray().Select(unit => unit.Text("unitId")).Order().ToArray());

        var summonsId = summons.Text("summonsId");
        await ReportIn(id, summonsId, "handler", HandlingUnit, node.PasswordOf("handler"), $"今日派执法队到场 {id[^6..]}");
        await ReportIn(id, summonsId, HousingLogin, Housing, housingPassword, $"明早九点派结构工程师到场 {id[^6..]}");

        var after = (await leaderApi.Client.GetAsync($"api/incidents/{id}").Expect(HttpStatusCode.OK)).GetProperty("incident").GetProperty("summonses")[0];
        Assert.All(after.GetProperty("units").EnumerateArray(), unit => Assert.False(string.IsNullOrEmpty(unit.Text("commitment"))));
    }

    [Fact]
    public async Task ALeaderSummonsSeveralDepartmentsFromTheCasePanelAndSeesEachAwaitingInBothLanguages()
    {
        var id = await InProgress("河道漂浮物（领导吹哨）");
        var reason = $"河道漂浮物，生态环境与执法联合处置 {id[^6..]}";
        await using var context = await node.NewContext(1920, 1080);
        var page = await OpenLeaderConsole(context);
        var panel = await ConsolePage.OpenCase(page, "all", id);
        await panel.Locator("[data-step='summon']").ClickAsync();
        var form = page.GetByTestId("step-form-summon");
        await form.WaitForAsync(Visible);
        await form.GetByTestId("unit-filter").FillAsync("生态");
        await form.Locator("[data-unit='ecology'] input").CheckAsync();
        await form.GetByTestId("unit-filter").FillAsync("");
        await form.Locator($"[data-unit='{HandlingUnit}'] input").CheckAsync();
        // Field teams report through their department: the picker offers departments and street offices only.
        Assert.Equal(0, await form.Locator("[data-unit^='team-'], [data-unit*='-team']").CountAsync());
        await form.GetByLabel("理由或意见").FillAsync(reason);
        var scan = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        Assert.True(scan.Violations.Length == 0, Describe(scan.Violations));
        await form.GetByTestId("step-submit-summon").ClickAsync();
        await page.GetByTestId("step-done").WaitForAsync(Visible);

        var units = panel.Locator("[data-testid='supervision-section'] tr[data-unit]");
        await Assertions.Expect(units).ToHaveCountAsync(2, new() { Timeout = (float)Patience.TotalMilliseconds });
        using var api = await BrowserSession.SignIn(node, "leader", node.PasswordOf("leader"));
        var summons = (await api.Client.GetAsync($"api/incidents/{id}").Expect(HttpStatusCode.OK)).GetProperty("incident").GetProperty("summonses").EnumerateArray().Single();
        Assert.Equal(reason, summons.Text("reason"));
        Assert.Equal(["ecology", HandlingUnit], summons.GetProperty("units").EnumerateArray().Select(unit => unit.Text("unitId")).Order().ToArray());
        Assert.Equal(["ecology", HandlingUnit], (await units.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.unit)")).Order().ToArray());
        Assert.All(await units.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.status)"), status => Assert.Equal("Awaiting", status));
        await Screenshots.Save(page, "console-leader-summons-1920x1080");

        await page.GetByLabel("语言").SelectOptionAsync("en");
        var section = panel.GetByTestId("supervision-section");
        await Assertions.Expect(section).ToContainTextAsync("Whistle-and-report");
        await Assertions.Expect(section).ToContainTextAsync("Not reported in yet");
        await Assertions.Expect(page.GetByTestId("workplace-links")).ToContainTextAsync("Command wall");
        await Screenshots.Save(page, "console-leader-summons-en-1920x1080");
    }

    /// <summary>
    /// A department opens its console, finds the case in its 吹哨报到 panel although the case is not
    /// necessarily its to handle, reports in from the case panel, and its tally counts it on time
    /// exactly as the API does.
    /// </summary>
    private async Task ReportIn(string id, string summonsId, string login, string unitId, string password, string commitment)
    {
        await using var context = await node.NewContext(1920, 1080);
        var page = await ConsolePage.Open(node, context, login, password: password);
        var row = page.Locator($"[data-testid='summons-panel'] tr[data-incident='{id}']");
        await row.WaitForAsync(Visible);
        Assert.Equal("Awaiting", await row.GetAttributeAsync("data-status"));
        await row.GetByRole(AriaRole.Button).ClickAsync();
        var panel = ConsolePage.Panel(page);
        await Assertions.Expect(panel).ToHaveAttributeAsync("data-incident", id, Soon);
        await ConsolePage.TakeStep(page, "acknowledge-summons", async form =>
        {
            // Only this department's own awaiting summons is offered.
            Assert.Equal(["", summonsId], await form.GetByLabel("吹哨事项").Locator("option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)"));
            await form.GetByLabel("吹哨事项").SelectOptionAsync(summonsId);
            await form.GetByLabel("承诺事项").FillAsync(commitment);
        });
        await page.GetByTestId("step-done").WaitForAsync(Visible);
        var mine = panel.Locator($"[data-testid='supervision-section'] tr[data-unit='{unitId}']");
        await Assertions.Expect(mine).ToHaveAttributeAsync("data-status", "Done", Soon);
        await Assertions.Expect(mine.GetByTestId("commitment")).ToHaveTextAsync(commitment);
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "Done", Soon);
        await Assertions.Expect(row.GetByTestId("summons-commitment")).ToContainTextAsync(commitment);

        using var api = await BrowserSession.SignIn(node, login, password);
        var queue = await api.Client.GetAsync($"api/units/{unitId}/summonses").Expect(HttpStatusCode.OK);
        Assert.Equal("Done", queue.GetProperty("summonses").EnumerateArray().Single(line => line.Text("incidentId") == id).Text("status"));
        var tally = queue.GetProperty("tally");
        foreach (var figure in new[] { "summoned", "awaiting", "acknowledgedOnTime", "acknowledgedLate", "overdue" })
        {
            var shown = page.Locator($"[data-testid='summons-tally'] [data-tally='{figure}'] [data-testid='tally-value']");
            await Assertions.Expect(shown).ToHaveTextAsync(tally.GetProperty(figure).GetInt32().ToString(), new() { Timeout = (float)Patience.TotalMilliseconds });
        }

        Assert.True(tally.GetProperty("acknowledgedOnTime").GetInt32() >= 1);
        await Screenshots.Save(page, $"console-summons-{unitId}-1920x1080");
    }

    /// <summary>The leader signs in, lands on the wall, and goes to the console by the header's link.</summary>
    private async Task<IPage> OpenLeaderConsole(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await SignInPage.SignIn(page, node, "leader");
        await page.WaitForURLAsync(new Regex("/wall$"), new() { Timeout = (float)Patience.TotalMilliseconds });
        await page.Locator("[data-testid='workplace-links'] [data-workplace='console']").ClickAsync();
        await page.WaitForURLAsync(new Regex("/console$"), new() { Timeout = (float)Patience.TotalMilliseconds });
        await page.Locator("[data-status='online']").WaitForAsync(Visible);
        await page.Locator("[data-testid='grid-map'] canvas").WaitForAsync(Visible);
        await Assertions.Expect(page.Locator("[data-testid='workplace-links'] [data-workplace='wall']")).ToBeVisibleAsync();
        return page;
    }

    /// <summary>A case of the grid worker's grid taken through to the handling unit (in progress), by the API.</summary>
    private async Task<string> InProgress(string description)
    {
        var id = await CaseApi.Report(node, description);
        await CaseApi.Step(node, id, "intake", "forward");
        await CaseApi.Step(node, id, "shiftleader", "register");
        await CaseApi.Step(node, id, "dispatcher", "dispatch");
        await CaseApi.Step(node, id, "handler", "sign");
        return id;
    }

    /// <summary>A handler of the housing department, made by the administrator once per node; its password.</summary>
    private async Task<string> HousingHandler()
    {
        if (Passwords.TryGetValue(HousingLogin, out var known))
        {
            return known;
        }

        using var admin = await BrowserSession.SignIn(node, "admin", node.PasswordOf("admin"));
        var created = await admin.Send(HttpMethod.Post, "api/users", new { login = HousingLogin, displayName = "住建局人员", role = "UnitHandler", area = DemoAreas.District, unit = Housing })
            .Expect(HttpStatusCode.Created);
        var password = created.GetProperty("password").GetString()!;
        SecretsLedger.Record(password);
        Passwords[HousingLogin] = password;
        return password;
    }

    private static string Describe(IEnumerable<AxeResultItem> violations) =>
        string.Join("\n", violations.Select(violation =>
            $"{violation.Id} ({violation.Impact}): {violation.Help}\n  " + string.Join("\n  ", violation.Nodes.Select(item => $"{item.Target} {item.Html}"))));
}
