using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RuleOfLaw.Browser.Tests.Infrastructure;
using RuleOfLaw.Grains.Users;
using static Microsoft.Playwright.Assertions;

namespace RuleOfLaw.Browser.Tests;

/// <summary>
/// The grid worker's phone shares its position while the app is open (issue 8 point 2): the fixes
/// the device takes reach the worker's track on the node, as a dispatcher reads it; fixes taken
/// while the link is down wait on the device and arrive once each, in order, when it is back; and
/// the worker sees that the position is shared and can pause it.
/// </summary>
[Collection(BrowserNodeCollection.Name)]
public sealed class PositionSharingTests(BrowserNode node)
{
    private static readonly Regex Down = new("^(reconnecting|offline)$");

    [Fact]
    public async Task TheWorkersAppSharesTheFixesTheDeviceTakesAndADispatcherReadsThemInTheTrack()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var walk = DevicePosition.Walk(DemoAccounts.PatrolLongitude, DemoAccounts.PatrolLatitude, 3);
        await using var context = await node.NewContext(360, 800);
        await DevicePosition.Allow(context, walk[0].Longitude, walk[0].Latitude);
        var page = await WorkerPage.Open(node, context);

        var sharing = page.GetByTestId("position-sharing");
        await Expect(sharing).ToHaveAttributeAsync("data-state", "sharing", new() { Timeout = WorkerPage.PatienceMs });
        await Expect(sharing.GetByRole(AriaRole.Status)).ToHaveTextAsync("正在共享我的位置");
        await DevicePosition.Kept(page, walk[0].Longitude, walk[0].Latitude);
        foreach (var (longitude, latitude) in walk[1..])
        {
            await DevicePosition.MoveTo(page, longitude, latitude);
        }

        var track = await DevicePosition.Track(node, "workers", "gridworker", since, walk.Length);
        Assert.True(DevicePosition.Are(track, walk), string.Join("; ", track.Select(DevicePosition.Describe)));
        await Screenshots.Save(page, "worker-sharing-360x800");

        // Paused, the page says so and takes no position: a move is not kept, and resuming takes it.
        await page.GetByRole(AriaRole.Button, new() { Name = "暂停共享" }).ClickAsync();
        await Expect(sharing).ToHaveAttributeAsync("data-state", "paused");
        await Expect(sharing.GetByRole(AriaRole.Status)).ToContainTextAsync("位置共享已暂停");
        await sharing.GetByText("为什么共享位置？").ClickAsync();
        await Expect(sharing).ToContainTextAsync("位置属于个人信息");
        await Screenshots.Save(page, "worker-sharing-paused-360x800");
        var elsewhere = DevicePosition.Walk(DemoAccounts.PatrolLongitude, DemoAccounts.PatrolLatitude, 1, from: 3)[0];
        await context.SetGeolocationAsync(new Geolocation { Longitude = (float)elsewhere.Longitude, Latitude = (float)elsewhere.Latitude, Accuracy = 15 });
        await page.GetByRole(AriaRole.Button, new() { Name = "恢复共享" }).ClickAsync();
        await DevicePosition.Kept(page, elsewhere.Longitude, elsewhere.Latitude);
        var resumed = await DevicePosition.Track(node, "workers", "gridworker", since, walk.Length + 1);
        Assert.True(DevicePosition.Are(resumed, [.. walk, elsewhere]), string.Join("; ", resumed.Select(DevicePosition.Describe)));

        // The worker sees their own patrol coverage today as the node counts it (read each minute; a reload reads it at once).
        var own = await PatrolCoverageReadings.Today(node, "gridworker", "people/gridworker");
        Assert.True(own.GetProperty("visitedCells").GetInt32() > 0, "No cell of the worker's grid was counted visited.");
        await page.ReloadAsync();
        var figure = page.GetByTestId("my-coverage-figure");
        await Expect(figure).ToHaveAttributeAsync("data-coverage", PatrolCoverageReadings.Attribute(own.GetProperty("coverage").GetDouble()), new() { Timeout = WorkerPage.PatienceMs });
        await Expect(figure).ToContainTextAsync(PatrolCoverageReadings.Percent(own.GetProperty("coverage").GetDouble()));
        await Expect(page.GetByTestId("my-coverage")).ToContainTextAsync($"已巡 {PatrolCoverageReadings.Cells(own)} 格");
        await Screenshots.Save(page, "worker-coverage-360x800");
    }

    [Fact]
    public async Task FixesTakenWhileTheLinkIsDownWaitOnTheDeviceAndArriveOnceEachInOrderWhenItIsBack()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var walk = DevicePosition.Walk(DemoAccounts.PatrolLongitude - 0.003, DemoAccounts.PatrolLatitude - 0.003, 5);
        await using var context = await node.NewContext(360, 800);
        // The hub's WebSockets pass through Playwright, so the test can cut them: going offline
        // stops new requests but leaves an open WebSocket alone.
        var sockets = new List<IWebSocketRoute>();
        await context.RouteWebSocketAsync(new Regex("/hubs/"), socket =>
        {
            socket.ConnectToServer();
            lock (sockets)
            {
                sockets.Add(socket);
            }
        });
        await DevicePosition.Allow(context, walk[0].Longitude, walk[0].Latitude);
        var page = await WorkerPage.Open(node, context);
        await DevicePosition.Kept(page, walk[0].Longitude, walk[0].Latitude);
        Assert.True(DevicePosition.Are(await DevicePosition.Track(node, "workers", "gridworker", since, 1), walk[..1]));

        await context.SetOfflineAsync(true);
        foreach (var socket in sockets.ToArray())
        {
            await socket.CloseAsync();
        }

        await Expect(page.Locator(".app-header [data-status]")).ToHaveAttributeAsync("data-status", Down, new() { Timeout = WorkerPage.PatienceMs });
        foreach (var (longitude, latitude) in walk[1..])
        {
            await DevicePosition.MoveTo(page, longitude, latitude);
        }

        // Kept on the device, and said so.
        var sharing = page.GetByTestId("position-sharing");
        await Expect(sharing).ToHaveAttributeAsync("data-waiting", "4");
        await Expect(page.GetByTestId("sharing-waiting")).ToHaveTextAsync("4 个位置保存在本机，联网后自动发送");
        await Screenshots.Save(page, "worker-sharing-offline-360x800");

        await context.SetOfflineAsync(false);

        await Expect(page.Locator(".app-header [data-status]")).ToHaveAttributeAsync("data-status", "online", new() { Timeout = 45000 });
        await Expect(sharing).ToHaveAttributeAsync("data-waiting", "0", new() { Timeout = WorkerPage.PatienceMs });
        var track = await DevicePosition.Track(node, "workers", "gridworker", since, walk.Length);
        Assert.True(DevicePosition.Are(track, walk), string.Join("; ", track.Select(DevicePosition.Describe)));
    }
}
