using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using RuleOfLaw.Browser.Tests.Infrastructure;
using RuleOfLaw.Grains.Users;
using RuleOfLaw.Host.Tests.Identity;
using RuleOfLaw.Host.Tests.Infrastructure;
using RuleOfLaw.Tests.Shared;

namespace RuleOfLaw.Browser.Tests;

/// <summary>
/// Grid workers and field teams on the console and the wall, against a real node whose teams
/// overstay "dispatched" after 3 s: positions are sent over the real hub by signed-in people
/// (the seeded grid worker; a member of a team, made by the administrator), team status is
/// changed through the API by the unit's handler, and the dispatcher's console and the leader's
/// wall follow live.
/// </summary>
[Collection(PeopleNodeCollection.Name)]
public sealed class PeopleMapTests(PeopleNode node)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly LocatorWaitForOptions Visible = new() { Timeout = Millis(Patience) };
    private const string Worker = "worker:gridworker";

    [Fact]
    public async Task AWorkerWhoSendsPositionsAppearsOnTheDispatchersMapAndInTheReachableListMovingLive()
    {
        await using var context = await node.NewContext(1920, 1080);
        var page = await OpenConsole(context, "dispatcher");
        await OpenPeople(page);
        await using var worker = await Device.Connect(node, "gridworker");
        var reloads = 0;
        page.Load += (_, _) => reloads++;

        var marker = Marker(page, Worker);
        await worker.SendUntilShown(page.Locator($"[data-testid='grid-map'] .rol-person[data-subject='{Worker}'][data-longitude='105.8401']"), 105.8401, 32.4301);
        await Assertions.Expect(marker).ToHaveAttributeAsync("data-online", "true", new() { Timeout = Millis(Patience) });
        var row = Row(page, Worker);
        await Assertions.Expect(row).ToHaveAttributeAsync("data-online", "true", new() { Timeout = Millis(Patience) });
        Assert.Contains("可联系", await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.True(int.Parse(await page.GetByTestId("people-reachable-workers").GetAttributeAsync("data-count") ?? "0") >= 1);
        // A worker is a diamond, apart from the cases' circles.
        Assert.Contains("rol-person-worker", await marker.GetAttributeAsync("class") ?? "", StringComparison.Ordinal);

        // Moving: the same marker follows (pushes are coalesced to one a second per person).
        var element = await marker.ElementHandleAsync();
        var movedAt = DateTimeOffset.UtcNow.AddSeconds(1);
        await worker.Send(105.8423, 32.4312, movedAt);
        await Assertions.Expect(marker).ToHaveAttributeAsync("data-longitude", "105.8423", new() { Timeout = Millis(Patience) });
        Assert.True(await element.EvaluateAsync<bool>("marker => marker.isConnected"), "The marker was made anew instead of moved.");
        Assert.Equal(1, await page.Locator($"[data-testid='grid-map'] .rol-person[data-subject='{Worker}']").CountAsync());

        // Today's patrol coverage, as the node counts it once the last fix is stored: the panel reads
        // it again when it opens, the worker's share beside them and the area's in the header.
        await DevicePosition.Track(node, "workers", "gridworker", movedAt.AddMilliseconds(-1), 1);
        var coverage = await PatrolCoverageReadings.Today(node, "dispatcher", $"areas/{DemoAreas.District}");
        var share = PatrolCoverageReadings.WorkerShare(coverage, "gridworker");
        Assert.True(share > 0, "The worker's share of their grid was counted as nothing.");
        await page.GetByTestId("people-toggle").ClickAsync();
        await OpenPeople(page);
        var rowShare = row.GetByTestId("person-coverage");
        await Assertions.Expect(rowShare).ToHaveAttributeAsync("data-coverage", PatrolCoverageReadings.Attribute(share), new() { Timeout = Millis(Patience) });
        Assert.Contains(PatrolCoverageReadings.Percent(share), await rowShare.InnerTextAsync(), StringComparison.Ordinal);
        var areaFigure = page.GetByTestId("people-coverage");
        await Assertions.Expect(areaFigure).ToHaveAttributeAsync("data-coverage", PatrolCoverageReadings.Attribute(coverage.GetProperty("coverage").GetDouble()));
        Assert.Contains(PatrolCoverageReadings.Cells(coverage), await areaFigure.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, reloads);
        await Screenshots.Save(page, "console-people-1920x1080");
    }

    [Fact]
    public async Task ATeamsStatusChangeByAHandlerOfItsUnitRecoloursItLive()
    {
        const string team = "law-enforcement-team-1";
        await using var member = await Device.Connect(node, await TeamMember(team));
        await using var context = await node.NewContext(1920, 1080);
        var page = await OpenConsole(context, "dispatcher");
        await OpenPeople(page);
        var marker = Marker(page, $"team:{team}");
        await member.SendUntilShown(marker, 105.8452, 32.4322);
        await Assertions.Expect(marker).ToHaveAttributeAsync("data-status", "Available", new() { Timeout = Millis(Patience) });
        Assert.Contains("rol-person-team", await marker.GetAttributeAsync("class") ?? "", StringComparison.Ordinal);

        using var handler = await BrowserSession.SignIn(node, "handler", node.PasswordOf("handler"));
        await handler.Send(HttpMethod.Post, $"api/teams/{team}/status", new { status = "VehicleMaintenance", reason = "车辆保养" }).Expect(HttpStatusCode.OK);

        await Assertions.Expect(marker).ToHaveAttributeAsync("data-status", "OutOfService", new() { Timeout = Millis(Patience) });
        await Assertions.Expect(marker).ToHaveAttributeAsync("data-local-status", "VehicleMaintenance");
        await Assertions.Expect(marker).ToHaveClassAsync(new Regex("rol-team-OutOfService"), new() { Timeout = Millis(Patience) });
        var row = Row(page, $"team:{team}");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "OutOfService", new() { Timeout = Millis(Patience) });
        // The local name is shown with its canonical meaning; the colour and the data stay canonical.
        await Assertions.Expect(row).ToContainTextAsync("车辆检修（暂停服务）");

        await handler.Send(HttpMethod.Post, $"api/teams/{team}/status", new { status = "Available" }).Expect(HttpStatusCode.OK);
        await Assertions.Expect(marker).ToHaveClassAsync(new Regex("rol-team-Available"), new() { Timeout = Millis(Patience) });
    }

    [Fact]
    public async Task ATeamLeftDispatchedPastItsThresholdShowsTheWarningOnTheMapAndInTheListWithTheCount()
    {
        const string team = "law-enforcement-team-2";
        await using var member = await Device.Connect(node, await TeamMember(team));
        await using var context = await node.NewContext(1920, 1080);
        var page = await OpenConsole(context, "shiftleader");
        var marker = Marker(page, $"team:{team}");
        await member.SendUntilShown(marker, 105.8381, 32.4285);
        await Assertions.Expect(marker).ToHaveAttributeAsync("data-status", "Available", new() { Timeout = Millis(Patience) });

        using var handler = await BrowserSession.SignIn(node, "handler", node.PasswordOf("handler"));
        var dispatched = await handler.Send(HttpMethod.Post, $"api/teams/{team}/status", new { status = "Dispatched", reason = "派往万缘路" }).Expect(HttpStatusCode.OK);
        Assert.Equal(dispatched.GetProperty("since").GetDateTimeOffset() + PeopleNode.DispatchedThreshold, dispatched.GetProperty("overstaysAt").GetDateTimeOffset());
        await Assertions.Expect(marker).ToHaveAttributeAsync("data-status", "Dispatched", new() { Timeout = Millis(Patience) });

        // Past the 3 s threshold without going en route: warned on the map, on the closed panel's button, and in the list.
        await Assertions.Expect(marker).ToHaveAttributeAsync("data-warning", "true", new() { Timeout = Millis(Patience) });
        await marker.Locator(".rol-person-alert").WaitForAsync(Visible);
        await page.GetByTestId("people-toggle-warnings").WaitForAsync(Visible);
        await OpenPeople(page);
        var row = Row(page, $"team:{team}");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-warning", "true", new() { Timeout = Millis(Patience) });
        await row.GetByTestId("person-warning").WaitForAsync(Visible);
        Assert.True(int.Parse(await page.GetByTestId("people-warnings").GetAttributeAsync("data-count") ?? "0") >= 1);
        await Screenshots.Save(page, "console-people-warning-1920x1080");

        // Moving off clears the warning; the count of past warnings stays with the team.
        await handler.Send(HttpMethod.Post, $"api/teams/{team}/status", new { status = "EnRoute" }).Expect(HttpStatusCode.OK);
        await Assertions.Expect(row).ToHaveAttributeAsync("data-warning", "false", new() { Timeout = Millis(Patience) });
        await Assertions.Expect(marker).ToHaveAttributeAsync("data-warning", "false", new() { Timeout = Millis(Patience) });
        Assert.Contains("累计 1 次", await row.InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrackPlaybackOfAWorkerOverAWindowDrawsThePointsInTheOrderTheyWereTakenAndStepsByKeyboard()
    {
        // Fixes gathered offline three hours ago, uploaded in one batch out of order: a window no other test sends into.
        var start = DateTimeOffset.UtcNow.AddHours(-3);
        start = new DateTimeOffset(start.Year, start.Month, start.Day, start.Hour, start.Minute, 0, TimeSpan.Zero);
        double[] longitudes = [105.8301, 105.8312, 105.8324, 105.8336, 105.8348];
        await using var worker = await Device.Connect(node, "gridworker");
        var fixes = longitudes.Select((longitude, index) => new { longitude, latitude = 32.4201 + (index * 0.0007), accuracyMetres = 8.0, at = start.AddSeconds(index * 20) })
            .Reverse()
            .ToArray();
        await worker.Hub.InvokeAsync("UpdatePositions", fixes).Within("the worker's batch of offline fixes to be taken");

        await using var context = await node.NewContext(1920, 1080);
        var page = await OpenConsole(context, "dispatcher");
        await OpenPeople(page);
        // Listed from where the worker is now; the old fixes only fill the track in.
        var row = Row(page, Worker);
        await worker.SendUntilShown(row, 105.8407, 32.4303);
        await row.Locator("[data-action='playback']").ClickAsync();
        var playback = page.GetByTestId("track-playback");
        await playback.WaitForAsync(Visible);

        // A window the server refuses: its message beside the field it names.
        await playback.GetByTestId("track-from").FillAsync(await LocalInput(page, start.AddMinutes(5)));
        await playback.GetByTestId("track-to").FillAsync(await LocalInput(page, start));
        await playback.GetByTestId("track-load").ClickAsync();
        var error = playback.GetByTestId("track-error-to");
        await error.WaitForAsync(Visible);
        Assert.Equal(await error.GetAttributeAsync("id"), await playback.GetByTestId("track-to").GetAttributeAsync("aria-describedby"));

        await playback.GetByTestId("track-from").FillAsync(await LocalInput(page, start));
        await playback.GetByTestId("track-to").FillAsync(await LocalInput(page, start.AddMinutes(2)));
        // The batch becomes durable within seconds; until then the window reads fewer points.
        var result = playback.GetByTestId("track-result");
        for (var attempt = 0; ; attempt++)
        {
            await playback.GetByTestId("track-load").ClickAsync();
            await Assertions.Expect(playback.GetByTestId("track-load")).ToBeEnabledAsync(new() { Timeout = Millis(Patience) });
            if (await result.CountAsync() == 1 && await result.GetAttributeAsync("data-points") == longitudes.Length.ToString())
            {
                break;
            }

            Assert.True(attempt < 20, $"The track never held the {longitudes.Length} points sent; it shows {(await result.CountAsync() == 1 ? await result.GetAttributeAsync("data-points") : "no result")}.");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(0, await error.CountAsync());
        Assert.Equal("false", await result.GetAttributeAsync("data-truncated"));
        var map = page.GetByTestId("grid-map");
        await map.Locator("[data-testid='track-start']").WaitForAsync(Visible);
        await map.Locator("[data-testid='track-end']").WaitForAsync(Visible);
        var cursor = map.Locator("[data-testid='track-cursor']");

        // The slider by keyboard: each arrow moves the marker to the next point, in the order they were taken.
        var slider = playback.GetByTestId("track-slider");
        await slider.FocusAsync();
        var visited = new List<string?> { await cursor.GetAttributeAsync("data-longitude") };
        for (var step = 1; step < longitudes.Length; step++)
        {
            await page.Keyboard.PressAsync("ArrowRight");
            await Assertions.Expect(cursor).ToHaveAttributeAsync("data-index", step.ToString(), new() { Timeout = Millis(Patience) });
            visited.Add(await cursor.GetAttributeAsync("data-longitude"));
        }

        Assert.Equal(longitudes.Select(longitude => longitude.ToString(System.Globalization.CultureInfo.InvariantCulture)), visited);
        await page.Keyboard.PressAsync("Home");
        await Assertions.Expect(cursor).ToHaveAttributeAsync("data-index", "0", new() { Timeout = Millis(Patience) });
        await playback.GetByTestId("track-last").ClickAsync();
        await Assertions.Expect(cursor).ToHaveAttributeAsync("data-index", (longitudes.Length - 1).ToString(), new() { Timeout = Millis(Patience) });
        await playback.GetByTestId("track-previous").ClickAsync();
        await Assertions.Expect(playback.GetByTestId("track-at")).ToHaveAttributeAsync("data-index", (longitudes.Length - 2).ToString(), new() { Timeout = Millis(Patience) });
        await Screenshots.Save(page, "console-track-playback-1920x1080");

        // The read was recorded, with the dispatcher as its reader.
        using var leader = await BrowserSession.SignIn(node, "shiftleader", node.PasswordOf("shiftleader"));
        var reads = await leader.Client.GetAsync("api/positions/workers/gridworker/track-reads").Expect(HttpStatusCode.OK);
        Assert.Contains(reads.EnumerateArray(), read => read.GetProperty("role").GetString() == "Dispatcher");
    }

    [Fact]
    public async Task TheConsoleWithThePeoplePanelAndAPlaybackOpenPassesAnAxeWcag2AAScan()
    {
        await using var worker = await Device.Connect(node, "gridworker");
        await using var context = await node.NewContext(1920, 1080);
        var page = await OpenConsole(context, "dispatcher");
        await OpenPeople(page);
        var row = Row(page, Worker);
        await worker.SendUntilShown(row, 105.8405, 32.4305);
        await row.Locator("[data-action='playback']").ClickAsync();
        await page.GetByTestId("track-load").ClickAsync();
        await page.GetByTestId("track-result").WaitForAsync(Visible);

        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });

        await Screenshots.Save(page, "console-people-axe-scanned-1920x1080");
        Assert.True(result.Violations.Length == 0, Describe(result.Violations));
        Assert.NotEmpty(result.Passes);
    }

    [Fact]
    public async Task TheWallShowsThePeopleLayerAndCountsReachableWorkersAndAvailableTeams()
    {
        await using var worker = await Device.Connect(node, "gridworker");
        await using var context = await node.NewContext(1920, 1080);
        var page = await context.NewPageAsync();
        await SignIn(page, "leader", "/wall$");
        await page.Locator("[data-testid='wall-map'] canvas").WaitForAsync(Visible);

        var marker = page.Locator($"[data-testid='wall-map'] .rol-person[data-subject='{Worker}']");
        await worker.SendUntilShown(page.Locator($"[data-testid='wall-map'] .rol-person[data-subject='{Worker}'][data-longitude='105.8409']"), 105.8409, 32.4308);
        await Assertions.Expect(marker).ToHaveAttributeAsync("data-online", "true", new() { Timeout = Millis(Patience) });
        await Assertions.Expect(page.GetByTestId("wall-workers-reachable")).Not.ToHaveTextAsync("0", new() { Timeout = Millis(Patience) });
        // Every team of the district is listed from its unit's teams; at least one is available.
        await Assertions.Expect(page.GetByTestId("wall-teams-available")).Not.ToHaveTextAsync("0", new() { Timeout = Millis(Patience) });
        await page.GetByTestId("people-legend").WaitForAsync(Visible);

        // Moves on the wall move the same marker: no element per push.
        var markers = await page.Locator("[data-testid='wall-map'] .rol-person").CountAsync();
        for (var step = 1; step <= 3; step++)
        {
            await worker.Send(105.8409 + (step * 0.0004), 32.4308, DateTimeOffset.UtcNow.AddSeconds(step));
            await Assertions.Expect(marker).ToHaveAttributeAsync("data-longitude", (105.8409 + (step * 0.0004)).ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = Millis(Patience) });
        }

        Assert.Equal(markers, await page.Locator("[data-testid='wall-map'] .rol-person").CountAsync());
        await Screenshots.Save(page, "wall-people-1920x1080");

        // Today's patrol coverage of the wall's area is a headline figure, as the node counts it
        // once a fix in the worker's own grid (where the demo patrols) is stored; the wall reads it
        // each minute, a reload at once.
        var patrolledAt = DateTimeOffset.UtcNow.AddSeconds(4);
        await worker.Send(DemoAccounts.PatrolLongitude, DemoAccounts.PatrolLatitude, patrolledAt);
        await DevicePosition.Track(node, "workers", "gridworker", patrolledAt.AddMilliseconds(-1), 1);
        var coverage = await PatrolCoverageReadings.Today(node, "leader", $"areas/{DemoAreas.District}");
        Assert.True(coverage.GetProperty("visitedCells").GetInt32() > 0, "No cell of the district was counted visited.");
        await page.ReloadAsync();
        var tile = page.GetByTestId("wall-coverage-today");
        await Assertions.Expect(tile).ToHaveAttributeAsync("data-value", PatrolCoverageReadings.Attribute(coverage.GetProperty("coverage").GetDouble()), new() { Timeout = Millis(Patience) });
        await Assertions.Expect(tile).ToHaveTextAsync(PatrolCoverageReadings.Percent(coverage.GetProperty("coverage").GetDouble()));
        await Assertions.Expect(page.GetByTestId("wall-counters")).ToContainTextAsync($"{PatrolCoverageReadings.Cells(coverage)} 格");
        Assert.Contains("今日巡查覆盖率", await page.GetByTestId("wall-counters").InnerTextAsync(), StringComparison.Ordinal);
    }

    private async Task<IPage> OpenConsole(IBrowserContext context, string login)
    {
        var page = await context.NewPageAsync();
        await SignIn(page, login, "/console$");
        await page.Locator("[data-testid='grid-map'] canvas").WaitForAsync(Visible);
        return page;
    }

    private async Task SignIn(IPage page, string login, string landing)
    {
        var pageErrors = new List<string>();
        page.PageError += (_, error) => pageErrors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                pageErrors.Add(message.Text);
            }
        };
        await page.GotoAsync("/");
        await page.GetByLabel("登录名").FillAsync(login);
        await page.GetByLabel("密码").FillAsync(node.PasswordOf(login));
        await page.GetByLabel("密码").PressAsync("Enter");
        try
        {
            await page.WaitForURLAsync(new Regex(landing), new() { Timeout = Millis(Patience), WaitUntil = WaitUntilState.Commit });
            await page.Locator("[data-status='online']").WaitForAsync(Visible);
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{timeout.Message}\nThe page reported: {string.Join("\n", pageErrors)}", timeout);
        }
    }

    private static async Task OpenPeople(IPage page)
    {
        var toggle = page.GetByTestId("people-toggle");
        if (await toggle.GetAttributeAsync("aria-expanded") != "true")
        {
            await toggle.ClickAsync();
        }

        await page.GetByTestId("people-panel").WaitForAsync(Visible);
    }

    /// <summary>A member of the team (a unit handler whose unit is the team), made by the administrator once per team.</summary>
    private async Task<string> TeamMember(string team)
    {
        var login = $"member-{team}";
        using var admin = await BrowserSession.SignIn(node, "admin", node.PasswordOf("admin"));
        var existing = await admin.Client.GetAsync($"api/users/{login}");
        if (existing.StatusCode == HttpStatusCode.NotFound)
        {
            var created = await admin.Send(HttpMethod.Post, "api/users", new { login, displayName = $"{team} 队员", role = "UnitHandler", area = DemoAreas.District, unit = team })
                .Expect(HttpStatusCode.Created);
            var password = created.GetProperty("password").GetString()!;
            SecretsLedger.Record(password);
            Passwords[login] = password;
        }

        return login;
    }

    private static readonly Dictionary<string, string> Passwords = [];

    private static ILocator Marker(IPage page, string subject) =>
        page.Locator($"[data-testid='grid-map'] .rol-person[data-subject='{subject}']");

    private static ILocator Row(IPage page, string subject) =>
        page.Locator($"[data-testid='people-list'] tr[data-person='{subject}']");

    /// <summary>A `datetime-local` value for an instant in the page's own time zone.</summary>
    private static Task<string> LocalInput(IPage page, DateTimeOffset instant) =>
        page.EvaluateAsync<string>(
            "iso => { const d = new Date(iso); const p = (v) => String(v).padStart(2, '0'); return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`; }",
            instant.ToString("O"));

    private static float Millis(TimeSpan span) => (float)span.TotalMilliseconds;

    private static string Describe(IEnumerable<AxeResultItem> violations) =>
        string.Join("\n", violations.Select(violation =>
            $"{violation.Id} ({violation.Impact}): {violation.Help}\n  " + string.Join("\n  ", violation.Nodes.Select(item => $"{item.Target} {item.Html}"))));

    /// <summary>
    /// A phone in the field: signed in with the cookie session like the app, connected to the real
    /// hub (which makes its owner reachable), sending fixes as the app does.
    /// </summary>
    private sealed class Device : IAsyncDisposable
    {
        private Device(BrowserSession session, HubConnection hub)
        {
            Session = session;
            Hub = hub;
        }

        public BrowserSession Session { get; }

        public HubConnection Hub { get; }

        public static async Task<Device> Connect(PeopleNode node, string login)
        {
            var password = Passwords.TryGetValue(login, out var made) ? made : node.PasswordOf(login);
            var session = await BrowserSession.SignIn(node, login, password);
            var hub = new HubConnectionBuilder()
                .WithUrl(new Uri(node.BaseAddress, "hubs/live"), HttpTransportType.WebSockets, options =>
                {
                    options.Cookies = session.Cookies;
                    options.Headers["X-XSRF-TOKEN"] = session.AntiforgeryToken ?? "";
                })
                .Build();
            await hub.StartAsync().Within($"{login}'s hub connection to start");
            return new Device(session, hub);
        }

        /// <summary>
        /// Sends the fix again every 2 s, as a phone on patrol does, until the page shows it: the page's
        /// subscription may join the area's group just after a first fix was pushed, and its snapshot
        /// holds only fixes already written (within the writer's flush interval).
        /// </summary>
        public async Task SendUntilShown(ILocator shown, double longitude, double latitude)
        {
            var deadline = DateTimeOffset.UtcNow + Patience;
            while (true)
            {
                await Send(longitude, latitude, DateTimeOffset.UtcNow);
                try
                {
                    await shown.WaitForAsync(new() { Timeout = 2000 });
                    return;
                }
                catch (TimeoutException) when (DateTimeOffset.UtcNow < deadline)
                {
                }
            }
        }

        public Task Send(double longitude, double latitude, DateTimeOffset at) =>
            Hub.InvokeAsync("UpdatePosition", new { longitude, latitude, accuracyMetres = 5.0, at }).Within($"a fix at {longitude},{latitude} to be taken");

        public async ValueTask DisposeAsync()
        {
            await Hub.DisposeAsync();
            Session.Dispose();
        }
    }
}
