using System.Net;
using System.Text.Json;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using RuleOfLaw.Browser.Tests.Infrastructure;
using RuleOfLaw.Host.Tests.Identity;
using RuleOfLaw.Host.Tests.Infrastructure;
using static RuleOfLaw.Browser.Tests.Infrastructure.ConsolePage;

namespace RuleOfLaw.Browser.Tests;

/// <summary>A browser node with the duplicate flag on, as shipped (the shared browser node reports many cases at one point).</summary>
public sealed class DuplicatesBrowserNode() : BrowserNode("--Duplicates:FlagAtIntake", "true");

[CollectionDefinition(Name)]
public sealed class DuplicatesBrowserNodeCollection : ICollectionFixture<DuplicatesBrowserNode>
{
    public const string Name = "Duplicates browser node";
}

/// <summary>
/// Duplicates at intake on the screens (issue 6 point 5): a report made twice at the same place is
/// badged 疑似重复 in intake's queue and panel, merged from the candidate list with one click and a
/// reason, shown as 已合并至 on the report and listed on the original, told to the reporter in their
/// app, and the merge undone later from the original's list. Every figure on screen is checked
/// against the API's answer.
/// </summary>
[Collection(DuplicatesBrowserNodeCollection.Name)]
public sealed class DuplicatesTests(DuplicatesBrowserNode node)
{
    [Fact]
    public async Task IntakeMergesAFlaggedReportFromTheCandidatesTheReporterIsToldAndTheMergeIsUndoneFromTheOriginal()
    {
        var original = await CaseApi.Report(node, "路边暴露垃圾（原案件）");
        // About 5 m east: within the search radius, so the API's distance is a real figure to show.
        var duplicate = await CaseApi.Report(node, "路边暴露垃圾（重复上报）", longitudeOffset: 0.00005);
        using var intakeApi = await BrowserSession.SignIn(node, "intake", node.PasswordOf("intake"));

        await using var workerContext = await node.NewContext(390, 844);
        var worker = await WorkerPage.Open(node, workerContext);
        var myDuplicate = worker.Locator($"[data-testid='my-report'][data-incident='{duplicate}']");
        await myDuplicate.WaitForAsync(new() { Timeout = WorkerPage.PatienceMs });
        await worker.Locator($"[data-testid='my-report'][data-incident='{original}']").WaitForAsync(new() { Timeout = WorkerPage.PatienceMs });

        await using var consoleContext = await node.NewContext(1920, 1080);
        var console = await Open(node, consoleContext, "intake");
        var row = QueueRow(console, "toRegister", duplicate);
        await ShowQueue(console, "toRegister");
        await row.GetByTestId("queue-duplicate-badge").WaitForAsync(Visible);
        Assert.Equal("疑似重复", (await row.GetByTestId("queue-duplicate-badge").InnerTextAsync()).Trim());
        Assert.Equal(0, await QueueRow(console, "toRegister", original).GetByTestId("queue-duplicate-badge").CountAsync());

        var panel = await OpenCase(console, "toRegister", duplicate);
        await panel.GetByTestId("case-duplicate-badge").WaitForAsync(Visible);
        var candidate = panel.Locator($"[data-testid='duplicate-candidate'][data-candidate='{original}']");
        await candidate.WaitForAsync(Visible);

        // The candidate as the API lists it: number, title, state, distance in whole metres, grid.
        var answer = await intakeApi.Client.GetAsync($"api/incidents/{duplicate}/duplicates").Expect(HttpStatusCode.OK);
        var listed = answer.GetProperty("candidates").EnumerateArray().Single(item => item.GetProperty("incident").Text("id") == original);
        var listedCase = listed.GetProperty("incident");
        Assert.Equal(original.Replace("-", string.Empty, StringComparison.Ordinal)[^8..], (await candidate.GetByTestId("candidate-number").InnerTextAsync()).Trim());
        Assert.Equal(listedCase.Text("title"), (await candidate.GetByTestId("candidate-open").InnerTextAsync()).Trim());
        Assert.Equal($"{Math.Round(listed.GetProperty("distanceMeters").GetDouble(), MidpointRounding.AwayFromZero)} 米", (await candidate.GetByTestId("candidate-distance").InnerTextAsync()).Trim());
        Assert.Equal($"网格 {listedCase.Text("gridCode")}", (await candidate.GetByTestId("candidate-grid").InnerTextAsync()).Trim());
        Assert.Equal(StateName(listedCase.Text("state")), (await candidate.GetByTestId("candidate-state").InnerTextAsync()).Trim());
        Assert.Equal(answer.GetProperty("candidates").GetArrayLength(), await panel.GetByTestId("duplicate-candidate").CountAsync());
        await Screenshots.Save(console, "console-duplicate-candidates-1920x1080");

        // One click on the candidate opens the merge step's own form, its target filled in and not asked for.
        await candidate.GetByTestId("candidate-merge").ClickAsync();
        var form = candidate.GetByTestId("step-form-merge");
        await form.WaitForAsync(Visible);
        Assert.Equal(0, await form.Locator("#step-merge-intoIncidentId").CountAsync());
        var scan = await console.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        Assert.True(scan.Violations.Length == 0, string.Join("\n", scan.Violations.Select(violation => $"{violation.Id}: {violation.Help} {string.Join(" ", violation.Nodes.Select(item => item.Html))}")));
        await form.GetByLabel("理由或意见").FillAsync("同一处垃圾，重复上报");
        await form.GetByTestId("step-submit-merge").ClickAsync();

        var mergedInto = panel.GetByTestId("merged-into");
        await mergedInto.WaitForAsync(Visible);
        var merged = (await intakeApi.Client.GetAsync($"api/incidents/{duplicate}").Expect(HttpStatusCode.OK)).GetProperty("incident");
        Assert.Equal(original, merged.Text("mergedInto"));
        Assert.Equal(original, await panel.GetByTestId("merged-into-open").GetAttributeAsync("data-original"));
        Assert.StartsWith("已合并至", (await mergedInto.InnerTextAsync()).Trim(), StringComparison.Ordinal);
        Assert.Equal(0, await panel.GetByTestId("duplicate-candidates").CountAsync());
        Assert.Equal(0, await panel.GetByTestId("case-duplicate-badge").CountAsync());
        await row.WaitForAsync(Gone);
        await Screenshots.Save(console, "console-merged-into-1920x1080");

        // The reporter's app says so at once, naming the original and its state as the API has them.
        var notice = myDuplicate.GetByTestId("my-report-merged");
        await notice.WaitForAsync(new() { Timeout = WorkerPage.PatienceMs });
        var originalNow = (await intakeApi.Client.GetAsync($"api/incidents/{original}").Expect(HttpStatusCode.OK)).GetProperty("incident");
        Assert.Contains($"已与案件 {original.Replace("-", string.Empty, StringComparison.Ordinal)[^8..]} 合并，处理结果将同步告知。", await notice.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("已合并", (await myDuplicate.GetByTestId("my-report-state").InnerTextAsync()).Trim());
        await Assertions.Expect(myDuplicate.GetByTestId("my-report-original-state")).ToContainTextAsync($"原案件状态：{StateName(originalNow.Text("state"))}", new() { Timeout = WorkerPage.PatienceMs });
        await notice.ScrollIntoViewIfNeededAsync();
        await Screenshots.Save(worker, "worker-my-reports-merged-390x844");
        var workerScan = await worker.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        Assert.True(workerScan.Violations.Length == 0, string.Join("\n", workerScan.Violations.Select(violation => $"{violation.Id}: {violation.Help} {string.Join(" ", violation.Nodes.Select(item => item.Html))}")));

        // In English too; the list stays live in either language.
        await worker.GetByLabel("语言").SelectOptionAsync("en");
        await Assertions.Expect(notice).ToContainTextAsync($"Merged with case {original.Replace("-", string.Empty, StringComparison.Ordinal)[^8..]}; you will be told how it is handled.");
        await Assertions.Expect(worker.GetByRole(AriaRole.Heading, new() { Name = "My reports" })).ToBeVisibleAsync();

        // The original lists the merged report with its reporter and time, as the API records them.
        await panel.GetByTestId("merged-into-open").ClickAsync();
        await Assertions.Expect(panel).ToHaveAttributeAsync("data-incident", original, new() { Timeout = (float)Patience.TotalMilliseconds });
        var entry = panel.Locator($"[data-testid='merged-report'][data-merged='{duplicate}']");
        await entry.WaitForAsync(Visible);
        var recorded = originalNow.GetProperty("mergedReports").EnumerateArray().Single();
        Assert.Equal((duplicate, "gridworker"), (recorded.Text("incidentId"), recorded.Text("reporterUserId")));
        Assert.Equal($"上报人 {recorded.Text("reporterUserId")}", (await entry.GetByTestId("merged-report-reporter").InnerTextAsync()).Trim());
        Assert.Equal(
            DateTimeOffset.Parse(recorded.Text("mergedAt"), System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse((await entry.GetByTestId("merged-report-time").GetAttributeAsync("datetime"))!, System.Globalization.CultureInfo.InvariantCulture));
        await Screenshots.Save(console, "console-original-merged-reports-1920x1080");

        // Later, from the original's list: open the merged report and undo the merge with a reason.
        await entry.GetByTestId("merged-report-open").ClickAsync();
        await Assertions.Expect(panel).ToHaveAttributeAsync("data-incident", duplicate, new() { Timeout = (float)Patience.TotalMilliseconds });
        await TakeStep(console, "unmerge", form => form.GetByLabel("理由或意见").FillAsync("并非同一处"));
        await mergedInto.WaitForAsync(Gone);
        var undone = (await intakeApi.Client.GetAsync($"api/incidents/{duplicate}").Expect(HttpStatusCode.OK)).GetProperty("incident");
        Assert.Equal(JsonValueKind.Null, undone.GetProperty("mergedInto").ValueKind);
        await QueueRow(console, "toRegister", duplicate).WaitForAsync(Visible);
        await notice.WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = WorkerPage.PatienceMs });
        Assert.Empty((await intakeApi.Client.GetAsync($"api/incidents/{original}").Expect(HttpStatusCode.OK)).GetProperty("incident").GetProperty("mergedReports").EnumerateArray());
    }

    private static string StateName(string state) => state switch
    {
        "Reported" => "已上报",
        "PendingRegistration" => "待立案",
        "Registered" => "已立案",
        _ => state,
    };
}
