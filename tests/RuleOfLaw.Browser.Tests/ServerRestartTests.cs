using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RuleOfLaw.Browser.Tests.Infrastructure;

namespace RuleOfLaw.Browser.Tests;

/// <summary>
/// The node is killed and started again (same data folder and ports) under an open console and an
/// open worker's app: each page says its live link is down, comes back by itself, catches up from
/// a snapshot, and goes on working in the same session. Sessions survive a restart (the key ring
/// that protects cookies and anti-forgery tokens lives in the store: Authentication.cs), so that,
/// not a return to sign-in, is what is checked.
/// </summary>
[Collection(BrowserNodeCollection.Name)]
public sealed class ServerRestartTests(BrowserNode node)
{
    /// <summary>
    /// Once the link has given up its quick retries it tries again every 15 s at most
    /// (liveConnection.ts), and the node needs some seconds to start: the pages get both and a margin.
    /// </summary>
    private static readonly float ReconnectMs = (float)TimeSpan.FromSeconds(45).TotalMilliseconds;

    private static readonly Regex Down = new("^(reconnecting|offline)$");

    [Fact]
    public async Task AfterTheNodeRestartsThePagesSayTheyAreOfflineReconnectByThemselvesCatchUpFromASnapshotAndKeepTheirSessions()
    {
        var known = await CaseApi.Report(node, "桥头暴露垃圾（重启前上报）");
        await using var consoleContext = await node.NewContext(1920, 1080);
        await using var workerContext = await node.NewContext(360, 800);
        // The console's hub negotiation can be held back after the node is up again, so that what
        // happens meanwhile reaches the page only in the snapshot it reads when it reconnects (a
        // page that reconnected first would hear it as a push instead, and prove nothing about resync).
        var holdHub = false;
        var held = 0;
        var console = await ConsolePage.Open(node, consoleContext, "intake", page =>
            page.RouteAsync("**/hubs/live/negotiate*", route =>
            {
                if (!Volatile.Read(ref holdHub))
                {
                    return route.ContinueAsync();
                }

                Interlocked.Increment(ref held);
                return route.AbortAsync("connectionrefused");
            }));
        var worker = await WorkerPage.Open(node, workerContext);
        var reloads = 0;
        console.Load += (_, _) => Interlocked.Increment(ref reloads);
        worker.Load += (_, _) => Interlocked.Increment(ref reloads);
        await ConsolePage.QueueRow(console, "toRegister", known).WaitForAsync(ConsolePage.Visible);
        await WorkerPage.GridCase(worker, known).WaitForAsync(new() { Timeout = WorkerPage.PatienceMs });

        await node.Kill();

        // Each page says so: the console's banner and the link's badge on both.
        await console.GetByTestId("offline-banner").WaitForAsync(ConsolePage.Visible);
        await Assertions.Expect(Badge(console)).ToHaveAttributeAsync("data-status", Down, new() { Timeout = ConsolePage.Visible.Timeout });
        await Assertions.Expect(Badge(worker)).ToHaveAttributeAsync("data-status", Down, new() { Timeout = WorkerPage.PatienceMs });
        await Screenshots.Save(console, "restart-node-down-console-intake-1920x1080");
        await Screenshots.Save(worker, "restart-node-down-worker-360x800");

        Volatile.Write(ref holdHub, true);
        await node.Restart();
        // Changes the console cannot hear: a new report, and a step on the case it already shows.
        var reported = await CaseApi.Report(node, "桥头暴露垃圾（重启后上报）");
        await CaseApi.Step(node, known, "intake", "forward");
        Assert.Equal(0, await ConsolePage.QueueRow(console, "toRegister", reported).CountAsync());
        Assert.Equal("Reported", await ConsolePage.QueueRow(console, "toRegister", known).GetAttributeAsync("data-state"));
        Assert.Matches(Down, await Badge(console).GetAttributeAsync("data-status") ?? "");
        // The console did try, and was held (the premise of the snapshot check below).
        await Assertions.Expect(console.GetByTestId("offline-banner")).ToBeVisibleAsync();
        var tries = Volatile.Read(ref held);
        for (var waited = 0; tries == 0 && waited < 200; waited++)
        {
            await Task.Delay(100);
            tries = Volatile.Read(ref held);
        }

        Assert.True(tries > 0, "The console never tried to reconnect while the node was down and held.");
        Volatile.Write(ref holdHub, false);

        // By itself (no reload, no click): back online, with both changes from the snapshot.
        await Assertions.Expect(Badge(console)).ToHaveAttributeAsync("data-status", "online", new() { Timeout = ReconnectMs });
        await console.GetByTestId("offline-banner").WaitForAsync(ConsolePage.Gone);
        await ConsolePage.WaitForState(ConsolePage.QueueRow(console, "toRegister", reported), "Reported");
        await ConsolePage.WaitForState(ConsolePage.QueueRow(console, "toRegister", known), "PendingRegistration");
        await Assertions.Expect(Badge(worker)).ToHaveAttributeAsync("data-status", "online", new() { Timeout = ReconnectMs });
        await WorkerPage.GridCase(worker, reported).WaitForAsync(new() { Timeout = WorkerPage.PatienceMs });
        await Screenshots.Save(console, "restart-reconnected-console-intake-1920x1080");
        await Screenshots.Save(worker, "restart-reconnected-worker-360x800");

        // The sessions survived: neither page went to sign-in, and each still acts with its cookie
        // and the anti-forgery token it got before the restart.
        await ConsolePage.OpenCase(console, "toRegister", reported);
        await ConsolePage.TakeStep(console, "forward");
        await ConsolePage.WaitForState(ConsolePage.Panel(console), "PendingRegistration");
        var fromThePhone = await WorkerPage.Report(worker, $"桥头暴露垃圾（重启后手机上报）{Guid.NewGuid():N}");
        // Heard live again: the phone's report reaches the console as a push.
        await ConsolePage.WaitForState(ConsolePage.QueueRow(console, "toRegister", fromThePhone), "Reported");
        Assert.EndsWith("/console", console.Url);
        Assert.EndsWith("/worker", worker.Url);
        Assert.Equal(0, await console.GetByTestId("session-expired").CountAsync() + await worker.GetByTestId("session-expired").CountAsync());
        Assert.Equal(0, Volatile.Read(ref reloads));
    }

    /// <summary>The header's badge of the live link.</summary>
    private static ILocator Badge(IPage page) => page.Locator("header [data-status]");
}
