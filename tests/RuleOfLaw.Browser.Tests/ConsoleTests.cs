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
/// The command console at 1920×1080 against a real node and its real hub: cases reported through
/// the API by the seeded grid worker appear in the right role's queue without a reload, steps are
/// taken from the case panel (the server's field messages shown beside the field), the page passes
/// an axe-core WCAG 2 AA scan, and a keyboard alone opens a case and takes a step.
/// </summary>
[Collection(BrowserNodeCollection.Name)]
public sealed class ConsoleTests(BrowserNode node)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly LocatorWaitForOptions Visible = new() { Timeout = (float)Patience.TotalMilliseconds };

    [Fact]
    public async Task ACaseTheGridWorkerReportsAppearsLiveInIntakesQueueToRegister()
    {
        await using var context = await node.NewContext(1920, 1080);
        var page = await OpenConsole(context, "intake");
        var reloads = 0;
        page.Load += (_, _) => reloads++;

        var id = await Report("路边暴露垃圾堆积（直播队列）");

        await QueueRow(page, "toRegister", id).WaitForAsync(Visible);
        Assert.Equal(0, reloads);
        Assert.Equal("Reported", await QueueRow(page, "toRegister", id).GetAttributeAsync("data-state"));
        Assert.True(await page.Locator("[data-testid='counters-by-state'] [data-state='Reported']").IsVisibleAsync());
        await Screenshots.Save(page, "console-intake-queue-1920x1080");
    }

    [Fact]
    public async Task EachRoleSeesTheCaseInItsOwnQueueAndItMovesBetweenQueuesLive()
    {
        await using var intakeContext = await node.NewContext(1920, 1080);
        await using var leaderContext = await node.NewContext(1920, 1080);
        await using var dispatcherContext = await node.NewContext(1920, 1080);
        var intake = await OpenConsole(intakeContext, "intake");
        var shiftLeader = await OpenConsole(leaderContext, "shiftleader");
        var dispatcher = await OpenConsole(dispatcherContext, "dispatcher");

        var id = await Report("人行道暴露垃圾（队列流转）");
        await QueueRow(intake, "toRegister", id).WaitForAsync(Visible);
        // A fresh report is intake's to forward: not yet the shift leader's, nor the dispatcher's.
        Assert.Equal(0, await QueueRow(shiftLeader, "toRegister", id).CountAsync());
        await QueueRow(intake, "toRegister", id).GetByRole(AriaRole.Button).ClickAsync();
        var panel = intake.GetByTestId("case-panel");
        await panel.Locator("[data-testid='case-timeline'] [data-command='Report']").WaitForAsync(Visible);

        // Taken elsewhere (another session): the open panel follows with its state, history and steps.
        await Step(id, "intake", "forward");
        await WaitForState(QueueRow(intake, "toRegister", id), "PendingRegistration");
        await WaitForState(panel, "PendingRegistration");
        await panel.Locator("[data-testid='case-timeline'] [data-command='Forward']").WaitForAsync(Visible);
        await panel.Locator("[data-step='register']").WaitForAsync(Visible);
        await QueueRow(shiftLeader, "toRegister", id).WaitForAsync(Visible);

        await Step(id, "shiftleader", "register");
        await QueueRow(shiftLeader, "toRegister", id).WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = (float)Patience.TotalMilliseconds });
        await QueueRow(dispatcher, "toDispatch", id).WaitForAsync(Visible);
        Assert.Equal(0, await QueueRow(intake, "toRegister", id).CountAsync());
        await Screenshots.Save(dispatcher, "console-dispatcher-queue-1920x1080");
    }

    [Fact]
    public async Task ABadStepShowsTheServersMessageBesideTheFieldAndAGoodOneMovesTheCaseOn()
    {
        var id = await Report("广场暴露垃圾（派遣表单）");
        await Step(id, "intake", "forward");
        await Step(id, "shiftleader", "register");
        await using var context = await node.NewContext(1920, 1080);
        var page = await OpenConsole(context, "dispatcher");
        var row = QueueRow(page, "toDispatch", id);
        await row.WaitForAsync(Visible);

        await row.GetByRole(AriaRole.Button).ClickAsync();
        var panel = page.GetByTestId("case-panel");
        await panel.GetByRole(AriaRole.Button, new() { Name = "派遣", Exact = true }).ClickAsync();
        var form = page.GetByTestId("step-form-dispatch");
        // Another unit than the power list's lead, with no reason: the server asks for one.
        await form.GetByLabel("处置单位").SelectOptionAsync("police");
        await form.GetByTestId("step-submit-dispatch").ClickAsync();

        var error = form.GetByTestId("field-error-reason");
        await error.WaitForAsync(Visible);
        Assert.Equal("理由为必填项。", (await error.InnerTextAsync()).Trim());
        var reason = form.GetByLabel("理由或意见");
        Assert.Equal(await error.GetAttributeAsync("id"), await reason.GetAttributeAsync("aria-describedby"));
        Assert.Equal("true", await reason.GetAttributeAsync("aria-invalid"));
        Assert.Equal(0, await form.GetByTestId("step-error").CountAsync());
        await Screenshots.Save(page, "console-dispatch-error-1920x1080");

        // The lead unit is the default the form started with; choosing it back needs no reason.
        await form.GetByLabel("处置单位").SelectOptionAsync("law-enforcement");
        await form.GetByTestId("step-submit-dispatch").ClickAsync();

        await page.GetByTestId("step-done").WaitForAsync(Visible);
        await WaitForState(panel, "Dispatched");
        Assert.Equal("已派遣", (await panel.GetByTestId("case-state").InnerTextAsync()).Trim());
        await panel.Locator("[data-testid='case-timeline'] [data-command='Dispatch']").WaitForAsync(Visible);
        await row.WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = (float)Patience.TotalMilliseconds });
        await page.GetByTestId("queue-tab-all").ClickAsync();
        await WaitForState(QueueRow(page, "all", id), "Dispatched");
        await Screenshots.Save(page, "console-dispatched-1920x1080");
    }

    /// <summary>
    /// The dispatch recommendation (issue 8 point 5): the form shows the lead unit's field teams as
    /// the server ranks them, starting on rank 1; the arrow key moves the choice to rank 2, and the
    /// case's history records that team with the rank it had.
    /// </summary>
    [Fact]
    public async Task TheDispatcherChoosesTheSecondRankedTeamFromTheRankingAndTheCaseRecordsTeamAndRank()
    {
        var id = await Report("路口暴露垃圾（推荐队伍）");
        await Step(id, "intake", "forward");
        await Step(id, "shiftleader", "register");
        await using var context = await node.NewContext(1920, 1080);
        var page = await OpenConsole(context, "dispatcher");
        var row = QueueRow(page, "toDispatch", id);
        await row.WaitForAsync(Visible);
        await row.GetByRole(AriaRole.Button).ClickAsync();
        var panel = page.GetByTestId("case-panel");
        await panel.GetByRole(AriaRole.Button, new() { Name = "派遣", Exact = true }).ClickAsync();
        var form = page.GetByTestId("step-form-dispatch");

        var choice = form.GetByTestId("team-choice");
        await choice.WaitForAsync(Visible);
        Assert.Equal("law-enforcement", await choice.GetAttributeAsync("data-unit"));
        // The unit's three teams by rank, then "no team".
        Assert.Equal(["1", "2", "3", "none"], await choice.GetByTestId("team-option").EvaluateAllAsync<string[]>("options => options.map(o => o.getAttribute('data-rank') ?? 'none')"));
        var first = choice.Locator("[data-rank='1'] input");
        var second = choice.Locator("[data-rank='2'] input");
        Assert.True(await first.IsCheckedAsync());
        Assert.Contains("推荐理由：", await choice.Locator("[data-rank='1']").InnerTextAsync());
        var secondTeam = await choice.Locator("[data-rank='2']").GetAttributeAsync("data-team");

        await first.FocusAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        Assert.True(await second.IsCheckedAsync());
        Assert.False(await first.IsCheckedAsync());
        await Screenshots.Save(page, "console-dispatch-teams-1920x1080");
        var scan = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        Assert.True(scan.Violations.Length == 0, Describe(scan.Violations));
        await form.GetByTestId("step-submit-dispatch").ClickAsync();

        await page.GetByTestId("step-done").WaitForAsync(Visible);
        await WaitForState(panel, "Dispatched");
        using var leader = await BrowserSession.SignIn(node, "leader", node.PasswordOf("leader"));
        var history = await leader.Client.GetAsync($"api/incidents/{id}/history").Expect(HttpStatusCode.OK);
        var facts = history.EnumerateArray().Last(e => e.Text("command") == "Dispatch").GetProperty("facts");
        Assert.Equal((secondTeam, 2), (facts.Text("teamId"), facts.GetProperty("teamRank").GetInt32()));
        var details = await leader.Client.GetAsync($"api/incidents/{id}").Expect(HttpStatusCode.OK);
        Assert.Equal(secondTeam, details.GetProperty("incident").Text("assignedTeamId"));
    }

    [Fact]
    public async Task TheConsoleWithACaseAndAStepFormOpenPassesAnAxeWcag2AAScan()
    {
        var id = await Report("绿地暴露垃圾（无障碍检查）");
        await using var context = await node.NewContext(1920, 1080);
        var page = await OpenConsole(context, "intake");
        var row = QueueRow(page, "toRegister", id);
        await row.WaitForAsync(Visible);
        await row.GetByRole(AriaRole.Button).ClickAsync();
        var panel = page.GetByTestId("case-panel");
        await panel.Locator("[data-testid='case-timeline'] [data-command='Report']").WaitForAsync(Visible);
        await panel.GetByRole(AriaRole.Button, new() { Name = "不予受理", Exact = true }).ClickAsync();
        await page.GetByTestId("step-submit-reject").ClickAsync();
        await page.GetByTestId("field-error-reason").WaitForAsync(Visible);

        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });

        await Screenshots.Save(page, "console-axe-scanned-1920x1080");
        Assert.True(result.Violations.Length == 0, Describe(result.Violations));
        Assert.NotEmpty(result.Passes);
    }

    [Fact]
    public async Task TheKeyboardAloneOpensACaseFromItsQueueAndTakesAStep()
    {
        var id = await Report("桥下暴露垃圾（键盘操作）");
        await using var context = await node.NewContext(1920, 1080);
        var page = await OpenConsole(context, "intake");
        await QueueRow(page, "toRegister", id).WaitForAsync(Visible);

        await TabUntil(page, $"document.activeElement?.closest('[data-incident]')?.getAttribute('data-incident') === '{id}'");
        await page.Keyboard.PressAsync("Enter");

        var panel = page.GetByTestId("case-panel");
        await panel.Locator("[data-step='forward']").WaitForAsync(Visible);
        Assert.Equal(id, await panel.GetAttributeAsync("data-incident"));
        await TabUntil(page, "document.activeElement?.getAttribute('data-step') === 'forward'");
        await page.Keyboard.PressAsync("Enter");
        await page.GetByTestId("step-form-forward").WaitForAsync(Visible);
        await TabUntil(page, "document.activeElement?.getAttribute('data-testid') === 'step-submit-forward'");
        await Screenshots.Save(page, "console-keyboard-step-1920x1080");
        await page.Keyboard.PressAsync("Enter");

        await page.GetByTestId("step-done").WaitForAsync(Visible);
        await WaitForState(panel, "PendingRegistration");
        await WaitForState(QueueRow(page, "toRegister", id), "PendingRegistration");

        // Escape closes the panel and gives the keyboard back to the case's row.
        await page.Keyboard.PressAsync("Escape");
        await panel.WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = (float)Patience.TotalMilliseconds });
        Assert.Equal(id, await page.EvaluateAsync<string?>("() => document.activeElement?.closest('[data-incident]')?.getAttribute('data-incident') ?? null"));
    }

    [Fact]
    public async Task AUnitSignsAndReportsTheHandlingWithAnAfterPhotoFromItsQueue()
    {
        var id = await Report("河堤暴露垃圾（单位处置）");
        await Step(id, "intake", "forward");
        await Step(id, "shiftleader", "register");
        await Step(id, "dispatcher", "dispatch");
        await using var context = await node.NewContext(1920, 1080);
        var page = await OpenConsole(context, "handler");
        var row = QueueRow(page, "toHandle", id);
        await row.WaitForAsync(Visible);
        await row.GetByRole(AriaRole.Button).ClickAsync();
        var panel = page.GetByTestId("case-panel");

        await panel.GetByRole(AriaRole.Button, new() { Name = "签收", Exact = true }).ClickAsync();
        await page.GetByTestId("step-submit-sign").ClickAsync();
        await WaitForState(panel, "InProgress");
        await WaitForState(row, "InProgress");

        await panel.GetByRole(AriaRole.Button, new() { Name = "处置反馈", Exact = true }).ClickAsync();
        var form = page.GetByTestId("step-form-handle");
        // Without the photo the server refuses, and says so beside the photo field.
        await form.GetByTestId("step-submit-handle").ClickAsync();
        await form.GetByTestId("field-error-attachments").WaitForAsync(Visible);
        // A file that is no photo is refused by the upload, also beside the photo field.
        await form.GetByLabel("处置后照片").SetInputFilesAsync(new FilePayload { Name = "after.png", MimeType = "image/png", Buffer = "not a picture"u8.ToArray() });
        await form.GetByTestId("step-submit-handle").ClickAsync();
        await Assertions.Expect(form.GetByTestId("field-error-attachments")).ToContainTextAsync("照片上传失败", new() { Timeout = (float)Patience.TotalMilliseconds });
        await WaitForState(panel, "InProgress");
        await form.GetByLabel("处置后照片").SetInputFilesAsync(new FilePayload { Name = "after.png", MimeType = "image/png", Buffer = PhotoSamples.Png() });
        await form.GetByTestId("step-submit-handle").ClickAsync();

        await WaitForState(panel, "Handled");
        await row.WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = (float)Patience.TotalMilliseconds });
        // The report's photo and the 'after' photo, each read through the case.
        await Assertions.Expect(panel.Locator("ul.photos img")).ToHaveCountAsync(2, new() { Timeout = (float)Patience.TotalMilliseconds });
        foreach (var source in await panel.Locator("ul.photos img").EvaluateAllAsync<string[]>("images => images.map(image => image.getAttribute('src'))"))
        {
            var answer = await page.APIRequest.GetAsync(source);
            Assert.Equal(200, answer.Status);
        }

        await Screenshots.Save(page, "console-handler-handled-1920x1080");
    }

    [Fact]
    public async Task TheConsoleSpeaksEnglishAfterTheSwitchAndItsQueueTabsFollowTheArrowKeys()
    {
        await using var context = await node.NewContext(1920, 1080);
        var page = await OpenConsole(context, "shiftleader");

        await page.GetByLabel("语言").SelectOptionAsync("en");

        var toRegister = page.GetByTestId("queue-tab-toRegister");
        await Assertions.Expect(toRegister).ToContainTextAsync("To register", new() { Timeout = (float)Patience.TotalMilliseconds });
        await Assertions.Expect(page.GetByTestId("map-legend")).ToContainTextAsync("Emergency (TF)");
        await Assertions.Expect(page.GetByTestId("console-counters")).ToContainTextAsync("Open cases");
        // No key path shows through where a translation is missing.
        Assert.DoesNotContain("commandConsole.", await page.GetByTestId("view-console").InnerTextAsync());

        await toRegister.FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        var toClose = page.GetByTestId("queue-tab-toClose");
        await Assertions.Expect(toClose).ToHaveAttributeAsync("aria-selected", "true");
        Assert.True(await toClose.EvaluateAsync<bool>("tab => tab === document.activeElement"));
        await Assertions.Expect(page.GetByTestId("queue-toClose")).ToBeVisibleAsync();
        await Screenshots.Save(page, "console-shiftleader-en-1920x1080");
    }

    [Fact]
    public async Task AfterANetworkDropTheConsoleSaysItIsOfflineReconnectsByItselfAndCatchesUpFromASnapshot()
    {
        await using var context = await node.NewContext(1920, 1080);
        // The hub's WebSockets pass through Playwright, so the test can cut them: going offline
        // stops new requests but leaves an open WebSocket alone.
        var sockets = new List<IWebSocketRoute>();
        var page = await OpenConsole(context, "intake", page => page.RouteWebSocketAsync(new Regex("/hubs/"), socket =>
        {
            socket.ConnectToServer();
            sockets.Add(socket);
        }));
        Assert.NotEmpty(sockets);

        await context.SetOfflineAsync(true);
        foreach (var socket in sockets)
        {
            await socket.CloseAsync();
        }

        var banner = page.GetByTestId("offline-banner");
        await banner.WaitForAsync(Visible);
        await Screenshots.Save(page, "console-offline-1920x1080");
        // Reported while the page cannot hear the hub: only the snapshot after reconnecting can bring it.
        var id = await Report("路口暴露垃圾（断网期间上报）");
        await context.SetOfflineAsync(false);

        await banner.WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = (float)TimeSpan.FromSeconds(40).TotalMilliseconds });
        await page.Locator("[data-status='online']").WaitForAsync(Visible);
        await QueueRow(page, "toRegister", id).WaitForAsync(Visible);
    }

    private Task<IPage> OpenConsole(IBrowserContext context, string login, Func<IPage, Task>? prepare = null) =>
        ConsolePage.Open(node, context, login, prepare);

    /// <summary>A case reported through the API as the seeded grid worker, on patrol in their own grid.</summary>
    private Task<string> Report(string description) => CaseApi.Report(node, description);

    /// <summary>A step taken through the API by another role: what the console must follow live.</summary>
    private Task Step(string id, string login, string segment) => CaseApi.Step(node, id, login, segment);

    private static ILocator QueueRow(IPage page, string queue, string id) => ConsolePage.QueueRow(page, queue, id);

    private static Task WaitForState(ILocator element, string state) => ConsolePage.WaitForState(element, state);

    /// <summary>Presses Tab until the condition holds; a page where it never does fails with what had focus.</summary>
    private static async Task TabUntil(IPage page, string condition)
    {
        for (var presses = 0; presses < 400; presses++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>($"() => {condition}"))
            {
                return;
            }
        }

        var focused = await page.EvaluateAsync<string>("() => document.activeElement?.outerHTML ?? 'nothing'");
        Assert.Fail($"400 presses of Tab never reached [{condition}]; focus was on {focused}");
    }

    private static string Describe(IEnumerable<AxeResultItem> violations) =>
        string.Join("\n", violations.Select(violation =>
            $"{violation.Id} ({violation.Impact}): {violation.Help}\n  " + string.Join("\n  ", violation.Nodes.Select(item => $"{item.Target} {item.Html}"))));
}
