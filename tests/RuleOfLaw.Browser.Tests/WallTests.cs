using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RuleOfLaw.Browser.Tests.Infrastructure;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Host.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RuleOfLaw.Browser.Tests;

/// <summary>
/// The leaders' wall against a real node and the real hub: readable at 1920×1080 and 3840×2160,
/// a new emergency announced without reload, and the page the same size after thousands of deltas
/// as after its warm-up, still showing the server's figures.
/// </summary>
[Collection(BrowserNodeCollection.Name)]
public sealed partial class WallTests(BrowserNode node, ITestOutputHelper output)
{
    // Generous: the first page of a run starts Chromium's and the node's cold paths on a shared 2-core machine.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly string[] OpenStates = ["Reported", "Verifying", "SelfHandled", "PendingRegistration", "Registered", "Dispatched", "InProgress", "Hung", "Handled", "Checking", "PendingClose"];

    [Fact]
    public async Task TheWallFillsTheScreenAndIsReadableAt1080pAndAt4K()
    {
        // Something to show: open cases piled up in a few grids, and an emergency just reported.
        using var grids = await Waves(8, offset: 5, "wall-screen");
        using var leader = node.Client(Role.Leader);
        for (var index = 0; index < 8; index++)
        {
            var grid = index;
            await Task.WhenAll(Enumerable.Range(0, (grid * 2) + 1).Select(_ => grids.Report(grid)));
        }

        await grids.Report(3, "TF03");

        foreach (var (width, height) in new[] { (1920, 1080), (3840, 2160) })
        {
            await using var context = await node.NewContext(width, height);
            var page = await OpenWall(context);
            await page.GetByTestId("wall-emergency-banner").WaitForAsync(new() { Timeout = Millis(Patience) });
            await Screenshots.Save(page, $"wall-leader-{width}x{height}");

            var layout = await page.EvaluateAsync<JsonElement>(LayoutProbe);
            var scale = width / 1920.0;
            Assert.True(layout.GetProperty("scrollWidth").GetDouble() <= width, $"The wall scrolls sideways at {width}×{height}: {layout}");
            Assert.True(layout.GetProperty("scrollHeight").GetDouble() <= height, $"The wall scrolls down at {width}×{height}: {layout}");
            Assert.True(layout.GetProperty("cut").GetArrayLength() == 0, $"Parts of the wall fall outside the screen at {width}×{height}: {layout}");
            Assert.True(layout.GetProperty("smallest").GetDouble() >= 14 * scale, $"Text smaller than {14 * scale} px at {width}×{height}: {layout}");
            Assert.True(layout.GetProperty("figure").GetDouble() >= 40 * scale, $"Headline figures too small at {width}×{height}: {layout}");

            // The map's text alternative names the busiest grid: the one given the most cases above.
            var busiest = await leader.GetAsync($"api/areas/{grids.Points[7].GridCode}").Expect(HttpStatusCode.OK);
            Assert.Contains(busiest.GetProperty("properties").Text("nameZh"), await page.GetByTestId("wall-map").GetByRole(AriaRole.Img).GetAttributeAsync("aria-label") ?? "", StringComparison.Ordinal);
        }

        // The same wall in English, the rankings' names included (the server names them in the request's language).
        await using var english = await node.NewContext(1920, 1080);
        var englishPage = await OpenWall(english);
        await englishPage.GetByLabel("语言").SelectOptionAsync("en");
        await englishPage.GetByRole(AriaRole.Heading, new() { Name = "Leaders' wall" }).WaitForAsync(new() { Timeout = Millis(Patience) });
        var topStreet = (await leader.GetAsync($"api/assessment/rankings/streets?area={DemoAreas.District}").Expect(HttpStatusCode.OK))
            .GetProperty("rows")[0].Text("name");
        await englishPage.Locator($"[data-testid='wall-ranking-streets'] [role='img'][aria-label*=\"1. {topStreet}\"]").WaitForAsync(new() { Timeout = Millis(Patience) });
        await Screenshots.Save(englishPage, "wall-leader-en-1920x1080");
    }

    [Fact]
    public async Task ANewEmergencyIsAnnouncedTheMomentItIsReported()
    {
        await using var context = await node.NewContext(1920, 1080);
        var page = await OpenWall(context);
        using var grid = await Waves(1, offset: 300, "wall-emergency");
        using var leader = node.Client(Role.Leader);
        var gridCode = grid.Points[0].GridCode;
        var gridName = (await leader.GetAsync($"api/areas/{gridCode}").Expect(HttpStatusCode.OK)).GetProperty("properties").Text("nameZh");

        var reported = await grid.Report(0, "TF04");
        var id = reported.Text("id");
        var reportedAt = reported.GetProperty("reportedAt").GetDateTimeOffset().ToOffset(TimeSpan.FromHours(8));

        // Announced at once: in the banner, or next in line when another emergency holds it (then it follows within seconds).
        await page.Locator($"[data-testid='wall-emergency-banner'][data-incident-id='{id}'], [data-testid='wall-emergency-next'] [data-incident-id='{id}']")
            .First.WaitForAsync(new() { Timeout = Millis(TimeSpan.FromSeconds(10)) });
        var banner = page.Locator($"[data-testid='wall-emergency-banner'][data-incident-id='{id}']");
        await banner.WaitForAsync(new() { Timeout = Millis(Patience) });
        var text = await banner.InnerTextAsync();
        Assert.Contains("火灾", text, StringComparison.Ordinal);
        Assert.Contains(gridName, text, StringComparison.Ordinal);
        Assert.Contains(reportedAt.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        // A screen reader hears it too: the banner sits in an assertive live region that was there before it.
        Assert.Equal("assertive", await banner.Locator("xpath=..").GetAttributeAsync("aria-live"));
        Assert.Equal("/wall", new Uri(page.Url).AbsolutePath);
        await Screenshots.Save(page, "wall-emergency-1920x1080");
    }

    [Fact]
    public async Task TheWallStaysTheSameSizeAfterThousandsOfDeltasAndShowsTheServersFigures()
    {
        await using var context = await node.NewContext(1920, 1080);
        var page = await context.NewPageAsync();
        var deltas = CountDeltas(page);
        await SignInToWall(page);
        var cdp = await context.NewCDPSessionAsync(page);
        await cdp.SendAsync("Performance.enable");
        await cdp.SendAsync("HeapProfiler.enable");
        using var waves = await Waves(24, offset: 11, "wall-load");

        // Warm-up: a first round through the loop, so every path of the page has run (and been
        // compiled) before measuring; what the load adds after that must not stay.
        await waves.ReportAndClose(120);
        await Settled(page, deltas);
        var warm = await Measure(cdp, page);
        var beforeLoad = deltas.Count;

        var started = DateTimeOffset.UtcNow;
        await waves.ReportAndClose(320);
        await Settled(page, deltas);
        var loaded = await Measure(cdp, page);
        var received = deltas.Count - beforeLoad;
        output.WriteLine($"{received} deltas in {(DateTimeOffset.UtcNow - started).TotalSeconds:0.0} s; after warm-up: {warm}; after the load: {loaded}");

        Assert.True(received >= 2000, $"The page received only {received} deltas.");
        // Small slack: the emergency strip may show a banner at one measurement and the recent list at the other.
        Assert.True(loaded.Elements <= warm.Elements + 30, $"Elements in the document grew from {warm.Elements} to {loaded.Elements} over {received} deltas.");
        Assert.True(loaded.DomNodes <= warm.DomNodes + 60, $"DOM nodes grew from {warm.DomNodes} to {loaded.DomNodes} over {received} deltas.");
        // 1 MB covers what V8 compiles as the page's functions get hot; keeping one summary per delta
        // (half a kilobyte or more each) would be well over it.
        Assert.True(loaded.HeapBytes <= warm.HeapBytes + 1_000_000, $"The JS heap grew from {warm.HeapBytes:N0} to {loaded.HeapBytes:N0} bytes over {received} deltas.");
        await AssertShowsServerFigures(page);
        await Screenshots.Save(page, "wall-after-load-1920x1080");
    }

    private async Task<IPage> OpenWall(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await SignInToWall(page);
        return page;
    }

    private async Task SignInToWall(IPage page)
    {
        var outside = new List<string>();
        page.Request += (_, request) =>
        {
            if (new Uri(request.Url).Authority != node.BaseAddress.Authority)
            {
                outside.Add(request.Url);
            }
        };
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("登录名").FillAsync("leader");
        await page.GetByLabel("密码").FillAsync(node.PasswordOf("leader"));
        await page.GetByLabel("密码").PressAsync("Enter");
        // The router changes the URL without a new document: waiting for a load event would only add delay.
        await page.WaitForURLAsync(new Regex("/wall$"), new() { Timeout = Millis(Patience), WaitUntil = WaitUntilState.Commit });
        await page.Locator("[data-status='online']").WaitForAsync(new() { Timeout = Millis(Patience) });
        // Drawn: the grids on the map's canvas, and the street ranking (its text alternative names rank 1).
        await page.Locator("[data-testid='wall-map'] canvas").WaitForAsync(new() { Timeout = Millis(Patience) });
        await page.Locator("[data-testid='wall-ranking-streets'] [role='img'][aria-label*='第 1 名']").WaitForAsync(new() { Timeout = Millis(Patience) });
        Assert.Empty(outside);
    }

    /// <summary>Cases in <paramref name="count"/> grids spread over the district (every 37th grid from an offset), each grid with people of its own.</summary>
    private async Task<CaseWaves> Waves(int count, int offset, string name)
    {
        var codes = await node.GridsOf(DemoAreas.District);
        var points = new List<GridPoint>();
        for (var index = 0; index < count; index++)
        {
            points.Add(await node.PointIn(codes[(offset + (index * 37)) % codes.Count]));
        }

        return new CaseWaves(node, points, name);
    }

    /// <summary>The figures the wall shows equal the server's: open cases from the live store, the rest from the assessment.</summary>
    private async Task AssertShowsServerFigures(IPage page)
    {
        using var leader = node.Client(Role.Leader);
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).Date;
        var day = $"from={today:yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}";
        await Signals.Until(
            async () =>
            {
                var counters = await leader.GetAsync($"api/areas/{DemoAreas.District}/counters").Expect(HttpStatusCode.OK);
                var todays = await leader.GetAsync($"api/assessment/areas/{DemoAreas.District}?{day}").Expect(HttpStatusCode.OK);
                var month = await leader.GetAsync($"api/assessment/areas/{DemoAreas.District}").Expect(HttpStatusCode.OK);
                var emergencies = counters.GetProperty("rows").EnumerateArray()
                    .Where(row => row.Text("category") == "TF" && OpenStates.Contains(row.Text("state")))
                    .Sum(row => row.GetProperty("count").GetInt32());
                var server = $"open {counters.GetProperty("open").GetInt32()}, emergencies {emergencies}, " +
                    $"reported today {todays.GetProperty("counters").GetProperty("reported").GetInt32()}, " +
                    $"closed this month {month.GetProperty("counters").GetProperty("closed").GetInt32()}";
                var shown = $"open {await Figure(page, "open")}, emergencies {await Figure(page, "emergencies")}, " +
                    $"reported today {await Figure(page, "reported-today")}, closed this month {await Figure(page, "closed-month")}";
                return (Server: server, Shown: shown);
            },
            figures => figures.Server == figures.Shown,
            "the wall's figures to equal the server's",
            figures => $"server: {figures.Server}; wall: {figures.Shown}",
            TimeSpan.FromSeconds(20));
    }

    private static async Task<string> Figure(IPage page, string id) => (await page.GetByTestId($"wall-{id}").InnerTextAsync()).Trim();

    /// <summary>Waits until the wall holds what the server holds and no delta has arrived for a second and a half.</summary>
    private async Task Settled(IPage page, DeltaCount deltas)
    {
        using var leader = node.Client(Role.Leader);
        await Signals.Until(
            async () =>
            {
                var counted = (await leader.GetAsync($"api/areas/{DemoAreas.District}/counters").Expect(HttpStatusCode.OK)).GetProperty("open").GetInt32();
                var listed = (await leader.GetAsync($"api/areas/{DemoAreas.District}/incidents?pageSize=1").Expect(HttpStatusCode.OK)).GetProperty("total").GetInt32();
                return (Counted: counted, Listed: listed, Shown: await Figure(page, "open"));
            },
            figures => figures.Counted == figures.Listed && figures.Shown == figures.Listed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "the wall's open cases to equal the server's (its counters and its open list)",
            figures => $"server counters {figures.Counted}, server list {figures.Listed}, wall {figures.Shown}",
            TimeSpan.FromSeconds(30));
        await Signals.Until(
            async () =>
            {
                var before = deltas.Count;
                await Task.Delay(1500);
                return deltas.Count == before;
            },
            quiet => quiet,
            "the hub to fall quiet",
            _ => $"{deltas.Count} deltas so far",
            TimeSpan.FromSeconds(30));
    }

    private sealed record PageSize(double DomNodes, double HeapBytes, int Elements);

    /// <summary>The page's size after a forced garbage collection: DOM nodes and JS heap as Chromium counts them.</summary>
    private static async Task<PageSize> Measure(ICDPSession cdp, IPage page)
    {
        // Twice: objects freed by the first collection's finalisers go in the second.
        await cdp.SendAsync("HeapProfiler.collectGarbage");
        await cdp.SendAsync("HeapProfiler.collectGarbage");
        var metrics = (await cdp.SendAsync("Performance.getMetrics"))!.Value.GetProperty("metrics").EnumerateArray()
            .ToDictionary(metric => metric.Text("name"), metric => metric.GetProperty("value").GetDouble());
        var elements = await page.EvaluateAsync<int>("() => document.getElementsByTagName('*').length");
        return new PageSize(metrics["Nodes"], metrics["JSHeapUsedSize"], elements);
    }

    /// <summary>Deltas the page's own hub connection received, counted off its WebSocket frames.</summary>
    private static DeltaCount CountDeltas(IPage page)
    {
        var count = new DeltaCount();
        page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) =>
        {
            if (frame.Text is { } text && text.Contains("\"target\":\"Deltas\"", StringComparison.Ordinal))
            {
                count.Add(IncidentIdField().Count(text));
            }
        };
        return count;
    }

    private sealed class DeltaCount
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Add(int deltas) => Interlocked.Add(ref _count, deltas);
    }

    [GeneratedRegex("\"incidentId\"")]
    private static partial Regex IncidentIdField();

    private static float Millis(TimeSpan span) => (float)span.TotalMilliseconds;

    /// <summary>
    /// How the wall sits on the screen: scroll sizes, elements that stick out of the viewport
    /// (Leaflet's own panes, clipped by the map, aside), the smallest visible text and the size
    /// of the headline figures.
    /// </summary>
    private const string LayoutProbe = """
        () => {
          let smallest = Infinity, smallestText = '';
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {
            const text = walker.currentNode.textContent.trim();
            const element = walker.currentNode.parentElement;
            if (!text || !element || element.closest('.sr-only, .skip-link, option')) continue;
            const box = element.getBoundingClientRect();
            if (box.width === 0 || box.height === 0) continue;
            const size = parseFloat(getComputedStyle(element).fontSize);
            if (size < smallest) { smallest = size; smallestText = text.slice(0, 40); }
          }
          const cut = [...document.querySelectorAll('[data-testid=view-wall] *')]
            .filter((element) => !element.closest('.leaflet-container') || element.classList.contains('leaflet-container'))
            .filter((element) => { const box = element.getBoundingClientRect(); return box.width > 0 && (box.right > innerWidth + 0.5 || box.bottom > innerHeight + 0.5 || box.left < -0.5 || box.top < -0.5); })
            .map((element) => element.className || element.tagName).slice(0, 5);
          const figure = parseFloat(getComputedStyle(document.querySelector('[data-testid=wall-open]')).fontSize);
          return { scrollWidth: document.documentElement.scrollWidth, scrollHeight: document.documentElement.scrollHeight, cut, smallest, smallestText, figure };
        }
        """;
}
