using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using RuleOfLaw.Browser.Tests.Infrastructure;
using RuleOfLaw.Grains.Users;
using RuleOfLaw.Host.Tests.Identity;
using RuleOfLaw.Host.Tests.Infrastructure;
using RuleOfLaw.Tests.Shared;

namespace RuleOfLaw.Browser.Tests;

/// <summary>
/// The grid worker's app on a 360×800 phone screen, against a real node: a report with a category,
/// a pin and a photo reaches the server without the photo's location; a report made offline waits
/// on the device, survives the page, and arrives once; a verification task is completed with an
/// on-site photo and a check with an after photo; and the view passes an axe-core WCAG 2 A/AA scan with finger-sized controls.
/// </summary>
[Collection(BrowserNodeCollection.Name)]
public sealed class WorkerAppTests(BrowserNode node) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly float PatienceMs = (float)Patience.TotalMilliseconds;
    private readonly List<string> _policyViolations = [];

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Every test ends with no refusal by the Content-Security-Policy on any of its pages.</summary>
    public Task DisposeAsync()
    {
        lock (_policyViolations)
        {
            Assert.Empty(_policyViolations);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task AReportWithACategoryAPinAndAPhotoReachesTheServerWithoutThePhotosLocation()
    {
        await using var context = await node.NewContext(360, 800);
        var page = await OpenWorkerApp(context);
        var description = $"路边堆放生活垃圾 {Guid.NewGuid():N}";

        await ChooseCategory(page, "垃圾", "CG03 暴露垃圾");
        await page.GetByLabel("事件描述").FillAsync(description);
        await page.GetByTestId("pin-map").ClickAsync();
        await WaitForPin(page);
        await AttachPhoto(page, "#report-photos", await JpegWithGps(page));
        await page.Locator("#report-photos ~ ul").ScrollIntoViewIfNeededAsync();
        await Screenshots.Save(page, "worker-report-filled-360x800");
        await AssertNoSidewaysScroll(page);
        var id = await DraftId(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "上报", Exact = true }).ClickAsync();

        await Expect(page.GetByTestId("report-notice")).ToContainTextAsync($"已上报：{description}", new() { Timeout = PatienceMs });
        using var intake = await SignInAsApi("intake");
        var incident = (await Get(intake, $"api/incidents/{id}")).GetProperty("incident");
        Assert.Equal(description, incident.GetProperty("report").GetProperty("description").GetString());
        Assert.Equal("CG03", incident.GetProperty("report").GetProperty("subcategoryCode").GetString());
        Assert.Equal("Patrol", incident.GetProperty("report").GetProperty("source").GetString());
        var photo = Assert.Single(incident.GetProperty("reportAttachments").EnumerateArray()).GetString()!;
        await AssertServedWithoutLocation(intake, id, photo);

        // The grid's open cases follow the hub: the new case appears without a reload.
        await page.Locator($"[data-testid='grid-cases'] [data-incident='{id}']").WaitForAsync(new() { Timeout = PatienceMs });
    }

    [Fact]
    public async Task AReportMadeOfflineWaitsOnTheDeviceSurvivesThePageAndArrivesExactlyOnce()
    {
        await using var context = await node.NewContext(360, 800);
        var page = await OpenWorkerApp(context);
        await page.GetByTestId("pin-map").Locator("path").First.WaitForAsync(new() { Timeout = PatienceMs });
        var description = $"井盖缺失 离线上报 {Guid.NewGuid():N}";
        var jpeg = await JpegWithGps(page);

        await context.SetOfflineAsync(true);
        await page.GetByTestId("worker-offline").WaitForAsync(new() { Timeout = PatienceMs });
        await ChooseCategory(page, "垃圾", "CG03 暴露垃圾");
        await page.GetByLabel("事件描述").FillAsync(description);
        // The keyboard way to place the pin: pan the map, then put the pin at its centre.
        await page.GetByRole(AriaRole.Button, new() { Name = "在地图中心放置图钉" }).ClickAsync();
        await WaitForPin(page);
        await AttachPhoto(page, "#report-photos", jpeg);
        var id = await DraftId(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "上报", Exact = true }).ClickAsync();

        await Expect(page.GetByTestId("report-notice")).ToContainTextAsync("已保存在本机", new() { Timeout = PatienceMs });
        await Expect(page.GetByTestId("queue-waiting")).ToHaveAttributeAsync("data-count", "1");
        await Expect(page.Locator($"[data-testid='report-queue'] [data-report='{id}']")).ToHaveAttributeAsync("data-status", "waiting");
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await Screenshots.Save(page, "worker-offline-queue-360x800");
        await page.CloseAsync();

        await context.SetOfflineAsync(false);
        var again = await context.NewPageAsync();
        // The first send reaches the server but its answer is lost on the way back: the app must
        // retry with the same id, and the server must keep one case.
        // Playwright may call the handler for two requests at once: the record is kept under a lock.
        var sent = new List<string>();
        var lostOne = false;
        var gate = new Lock();
        await again.RouteAsync("**/api/incidents", async route =>
        {
            if (route.Request.Method != "POST")
            {
                await route.ContinueAsync();
                return;
            }

            bool lose;
            lock (gate)
            {
                sent.Add(route.Request.PostData ?? string.Empty);
                lose = !lostOne;
                lostOne = true;
            }

            if (lose)
            {
                await route.FetchAsync();
                await route.AbortAsync("connectionreset");
                return;
            }

            await route.ContinueAsync();
        });
        await again.GotoAsync("/worker");
        await again.GetByTestId("view-worker").WaitForAsync(new() { Timeout = PatienceMs });

        await again.GetByTestId("report-queue").WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = PatienceMs });
        using var intake = await SignInAsApi("intake");
        var grid = await WorkerGrid();
        var listed = (await Get(intake, $"api/areas/{grid}/incidents?pageSize=200")).GetProperty("items").EnumerateArray()
            .Where(item => item.GetProperty("title").GetString() == description)
            .ToList();
        Assert.Equal(id, Assert.Single(listed).GetProperty("id").GetString());
        string[] bodies;
        lock (gate)
        {
            bodies = [.. sent];
        }

        Assert.Equal(2, bodies.Length);
        Assert.All(bodies, body => Assert.Equal(id, JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()));
        var incident = (await Get(intake, $"api/incidents/{id}")).GetProperty("incident");
        await AssertServedWithoutLocation(intake, id, Assert.Single(incident.GetProperty("reportAttachments").EnumerateArray()).GetString()!);
        await again.Locator($"[data-testid='grid-cases'] [data-incident='{id}']").WaitForAsync(new() { Timeout = PatienceMs });
    }

    [Fact]
    public async Task AQueuedReportTheServerRefusesIsMarkedFailedAndFixedInTheFormUnderTheSameId()
    {
        await using var context = await node.NewContext(360, 800);
        var page = await OpenWorkerApp(context);
        var description = $"道路破损 位置有误 {Guid.NewGuid():N}";
        await context.SetOfflineAsync(true);
        await page.GetByTestId("worker-offline").WaitForAsync(new() { Timeout = PatienceMs });
        await ChooseCategory(page, "CG05", "CG05 道路破损");
        await page.GetByLabel("事件描述").FillAsync(description);
        // A point far outside the district, typed by hand: the phone warns, the node will refuse.
        await page.GetByLabel("经度").FillAsync("104.5");
        await page.GetByLabel("纬度").FillAsync("31.2");
        await page.GetByTestId("pin-outside").WaitForAsync();
        await AttachPhoto(page, "#report-photos", await JpegWithGps(page));
        var id = await DraftId(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "上报", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("queue-waiting")).ToHaveAttributeAsync("data-count", "1", new() { Timeout = PatienceMs });

        await context.SetOfflineAsync(false);

        var item = page.Locator($"[data-testid='report-queue'] [data-report='{id}']");
        await Expect(item).ToHaveAttributeAsync("data-status", "failed", new() { Timeout = PatienceMs });
        await Expect(page.GetByTestId("queue-failed")).ToHaveAttributeAsync("data-count", "1");
        await Expect(item).ToContainTextAsync("不在本区任何网格内");
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await Screenshots.Save(page, "worker-queue-refused-360x800");

        await item.GetByRole(AriaRole.Button, new() { Name = "修改" }).ClickAsync();
        Assert.Equal(description, await page.GetByLabel("事件描述").InputValueAsync());
        await Expect(page.GetByTestId("location-error")).ToContainTextAsync("该点位于本区网格之外");
        Assert.Equal(id, await DraftId(page));
        await page.GetByLabel("经度").FillAsync(DemoAccounts.PatrolLongitude.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByLabel("纬度").FillAsync(DemoAccounts.PatrolLatitude.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.GetByTestId("pin-outside")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "上报", Exact = true }).ClickAsync();

        await Expect(page.GetByTestId("report-notice")).ToContainTextAsync($"已上报：{description}", new() { Timeout = PatienceMs });
        await Expect(page.GetByTestId("report-queue")).ToHaveCountAsync(0);
        using var intake = await SignInAsApi("intake");
        var incident = (await Get(intake, $"api/incidents/{id}")).GetProperty("incident");
        Assert.Equal("CG05", incident.GetProperty("report").GetProperty("subcategoryCode").GetString());
        Assert.Single(incident.GetProperty("reportAttachments").EnumerateArray());
    }

    [Fact]
    public async Task AVerificationTaskIsCompletedOnThePhoneWithAnOnSitePhoto()
    {
        using var intake = await SignInAsApi("intake");
        var id = Guid.CreateVersion7().ToString();
        var description = $"市民来电：小区门口有垃圾 {Guid.NewGuid():N}";
        await Send(intake, HttpMethod.Post, "api/incidents", new
        {
            id,
            subcategory = "CG03",
            description,
            longitude = DemoAccounts.PatrolLongitude,
            latitude = DemoAccounts.PatrolLatitude,
            source = "Hotline",
        }, HttpStatusCode.Created);
        await Send(intake, HttpMethod.Post, $"api/incidents/{id}/request-verification", null, HttpStatusCode.OK);

        await using var context = await node.NewContext(360, 800);
        var page = await OpenWorkerApp(context);
        var task = page.Locator($"[data-testid='worker-tasks'] [data-incident='{id}']");
        await Expect(task).ToHaveAttributeAsync("data-step", "verify", new() { Timeout = PatienceMs });
        await task.GetByRole(AriaRole.Button, new() { Name = $"核实：{description}" }).ClickAsync();
        var form = page.GetByTestId("task-form-verify");
        await form.GetByRole(AriaRole.Radio, new() { Name = "属实", Exact = true }).CheckAsync();
        await form.GetByLabel("意见或理由").FillAsync("现场确有垃圾堆放");
        await AttachPhoto(page, $"#task-{id}-photos", await JpegWithGps(page));
        await Screenshots.Save(page, "worker-task-verify-360x800");
        await AssertNoSidewaysScroll(page);

        await form.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();

        await Expect(page.GetByTestId("task-done")).ToContainTextAsync(description, new() { Timeout = PatienceMs });
        var details = await Get(intake, $"api/incidents/{id}");
        Assert.Equal("Reported", details.GetProperty("incident").GetProperty("state").GetString());
        var verdict = details.GetProperty("history").EnumerateArray().Last();
        Assert.Equal("Verify", verdict.GetProperty("command").GetString());
        Assert.Equal("GridWorker", verdict.GetProperty("actorRole").GetString());
        var photo = Assert.Single(verdict.GetProperty("attachments").EnumerateArray()).GetString()!;
        await AssertServedWithoutLocation(intake, id, photo);
        // Verified, it is no longer a task: the live list drops it.
        await task.WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = PatienceMs });
    }

    [Fact]
    public async Task ACheckTaskIsPassedOnThePhoneWithAnAfterPhoto()
    {
        var id = Guid.CreateVersion7().ToString();
        var description = $"占道经营 待核查 {Guid.NewGuid():N}";
        using (var worker = await SignInAsApi("gridworker"))
        {
            await Send(worker, HttpMethod.Post, "api/incidents", new
            {
                id,
                subcategory = "CG04",
                description,
                longitude = DemoAccounts.PatrolLongitude,
                latitude = DemoAccounts.PatrolLatitude,
                attachments = new[] { "photo/before.jpg" },
            }, HttpStatusCode.Created);
        }

        // The loop up to the check, by the people whose steps they are.
        using var intake = await SignInAsApi("intake");
        using var shiftLeader = await SignInAsApi("shiftleader");
        using var dispatcher = await SignInAsApi("dispatcher");
        using var handler = await SignInAsApi("handler");
        await Send(intake, HttpMethod.Post, $"api/incidents/{id}/forward", null, HttpStatusCode.OK);
        await Send(shiftLeader, HttpMethod.Post, $"api/incidents/{id}/register", null, HttpStatusCode.OK);
        await Send(dispatcher, HttpMethod.Post, $"api/incidents/{id}/dispatch", null, HttpStatusCode.OK);
        await Send(handler, HttpMethod.Post, $"api/incidents/{id}/sign", null, HttpStatusCode.OK);
        await Send(handler, HttpMethod.Post, $"api/incidents/{id}/handle", new { reason = "已劝离摊贩", attachments = new[] { "photo/after.jpg" } }, HttpStatusCode.OK);
        await Send(intake, HttpMethod.Post, $"api/incidents/{id}/send-check", null, HttpStatusCode.OK);

        await using var context = await node.NewContext(360, 800);
        var page = await OpenWorkerApp(context);
        var task = page.Locator($"[data-testid='worker-tasks'] [data-incident='{id}']");
        await Expect(task).ToHaveAttributeAsync("data-step", "check", new() { Timeout = PatienceMs });
        await task.GetByRole(AriaRole.Button, new() { Name = $"核查：{description}" }).ClickAsync();
        var form = page.GetByTestId("task-form-check");
        await form.GetByRole(AriaRole.Radio, new() { Name = "通过", Exact = true }).CheckAsync();

        // Without the after photo the phone refuses, beside the photo field.
        await form.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Expect(form.Locator($"#task-{id}-photos-error")).ToContainTextAsync("至少需要一张照片");
        await AttachPhoto(page, $"#task-{id}-photos", await JpegWithGps(page));
        await form.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();

        await Expect(page.GetByTestId("task-done")).ToContainTextAsync(description, new() { Timeout = PatienceMs });
        var details = await Get(intake, $"api/incidents/{id}");
        Assert.Equal("PendingClose", details.GetProperty("incident").GetProperty("state").GetString());
        var verdict = details.GetProperty("history").EnumerateArray().Last();
        Assert.Equal("Check", verdict.GetProperty("command").GetString());
        await AssertServedWithoutLocation(intake, id, Assert.Single(verdict.GetProperty("attachments").EnumerateArray()).GetString()!);
        await task.WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = PatienceMs });
    }

    [Fact]
    public async Task TheWorkerViewPassesAWcag2AAScanWithFingerSizedControlsAndNoSidewaysScroll()
    {
        await using var context = await node.NewContext(360, 800);
        var page = await OpenWorkerApp(context);
        await page.GetByTestId("pin-map").Locator("path").First.WaitForAsync(new() { Timeout = PatienceMs });
        await page.GetByRole(AriaRole.Button, new() { Name = "在地图中心放置图钉" }).ClickAsync();
        await WaitForPin(page);
        // Field errors shown, as after a refused report: their colours must pass too.
        await page.GetByRole(AriaRole.Button, new() { Name = "上报", Exact = true }).ClickAsync();
        await page.Locator(".field-error").First.WaitForAsync(new() { Timeout = PatienceMs });
        await page.GetByRole(AriaRole.Button, new() { Name = "CG 城市管理" }).ClickAsync();

        var scan = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });

        // The scan ran the rules that matter here, and found them met.
        Assert.Contains(scan.Passes, rule => rule.Id == "color-contrast");
        Assert.Contains(scan.Passes, rule => rule.Id == "label");
        Assert.True(scan.Violations.Length == 0, string.Join("\n", scan.Violations.Select(v => $"{v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Html))}")));
        Assert.Empty(await SmallTouchTargets(page));
        await AssertNoSidewaysScroll(page);
        await Screenshots.Save(page, "worker-errors-360x800");

        // By keyboard: Tab from the search reaches the next control with a visible focus ring, Enter works it,
        // and focus follows the picker back to the category the worker came from.
        await page.GetByLabel("搜索类别").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("返回大类", await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"));
        Assert.Equal("solid", await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle"));
        Assert.True(await page.EvaluateAsync<double>("() => parseFloat(getComputedStyle(document.activeElement).outlineWidth)") >= 2);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("[data-category='CG']")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "CG01 违法建设（在建）" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("category-chosen")).ToContainTextAsync("CG01");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "重新选择类别" })).ToBeFocusedAsync();

        // The same view in English: every text switches, and the scan still passes.
        await page.GetByLabel("语言").SelectOptionAsync("en");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Grid worker's app" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Put the pin at the map centre" })).ToBeVisibleAsync();
        var english = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        Assert.True(english.Violations.Length == 0, string.Join("\n", english.Violations.Select(v => $"{v.Id}: {v.Help}")));
        await AssertNoSidewaysScroll(page);
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await Screenshots.Save(page, "worker-en-360x800");
    }

    private Task<IPage> OpenWorkerApp(IBrowserContext context) =>
        WorkerPage.Open(node, context, violation =>
        {
            lock (_policyViolations)
            {
                _policyViolations.Add(violation);
            }
        });

    private static Task ChooseCategory(IPage page, string search, string choice) => WorkerPage.ChooseCategory(page, search, choice);

    private static Task WaitForPin(IPage page) => WorkerPage.WaitForPin(page);

    private static Task AttachPhoto(IPage page, string input, byte[] jpeg) => WorkerPage.AttachPhoto(page, input, jpeg);

    private static Task<string> DraftId(IPage page) => WorkerPage.DraftId(page);

    private static Task<byte[]> JpegWithGps(IPage page) => WorkerPage.JpegWithGps(page);

    private static async Task AssertServedWithoutLocation(BrowserSession reader, string incidentId, string reference)
    {
        Assert.StartsWith("photo/", reference);
        var response = await reader.Client.GetAsync($"api/incidents/{incidentId}/photos/{reference["photo/".Length..]}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xFF, 0xD8], bytes[..2]);
        Assert.False(PhotoSamples.Contains(bytes, "GPSLatitude"), "The served photo still carries its GPS position.");
        Assert.False(PhotoSamples.Contains(bytes, "Exif\0\0"), "The served photo still carries an EXIF block.");
    }

    private static async Task AssertNoSidewaysScroll(IPage page) =>
        Assert.True(
            await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
            "The page scrolls sideways at 360 px.");

    /// <summary>
    /// Visible controls of the worker view smaller than 44×44 CSS pixels; a radio button or checkbox
    /// counts by its label, which is what the finger touches.
    /// </summary>
    private static async Task<string[]> SmallTouchTargets(IPage page) =>
        await page.EvaluateAsync<string[]>(@"() => {
            const controls = document.querySelectorAll('[data-testid=view-worker] :is(button, a[href], input, select, textarea, [role=button], .leaflet-control-zoom a)');
            const small = [];
            for (const control of controls) {
                const target = control.matches('input[type=radio], input[type=checkbox]') ? control.closest('label') ?? control : control;
                const box = target.getBoundingClientRect();
                if (box.width === 0 && box.height === 0) continue;
                if (box.width < 44 || box.height < 44) small.push(`${control.outerHTML.slice(0, 80)} ${box.width}x${box.height}`);
            }
            return small;
        }");

    private async Task<BrowserSession> SignInAsApi(string login) => await BrowserSession.SignIn(node, login, node.PasswordOf(login));

    private async Task<string> WorkerGrid()
    {
        using var worker = await SignInAsApi("gridworker");
        return worker.User.GetProperty("area").GetString()!;
    }

    private static async Task<JsonElement> Get(BrowserSession session, string path)
    {
        var response = await session.Client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task Send(BrowserSession session, HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        var response = await session.Send(method, path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {text}");
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);
}
