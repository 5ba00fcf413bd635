using System.Net;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using RuleOfLaw.Browser.Tests.Infrastructure;
using RuleOfLaw.Grains.Users;
using RuleOfLaw.Host.Tests.Identity;
using RuleOfLaw.Host.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RuleOfLaw.Browser.Tests;

/// <summary>
/// A field team's member on a 360×800 phone (issue 8 points 1–3): signed in, they land on the team
/// view, not the console; they move the team's status only by the steps the rules allow, see the
/// server's refusal when the team moved on without the page hearing of it, follow changes made by
/// others live with the server's overstay warning, pick the district's local names for a status (issue 8 point 1),
/// and share positions the node files under the team. The view passes an axe-core
/// WCAG 2 A/AA scan with finger-sized controls.
/// </summary>
[Collection(BrowserNodeCollection.Name)]
public sealed class TeamViewTests(BrowserNode node)
{
    private const string Team = DemoAccounts.FieldTeam;

    [Fact]
    public async Task AFieldTeamMemberMovesTheStatusStepByStepSeesARefusalFollowsOthersLiveAndSharesPositionsUnderTheTeam()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var walk = DevicePosition.Walk(DemoAccounts.PatrolLongitude + 0.004, DemoAccounts.PatrolLatitude, 2);
        await using var context = await node.NewContext(360, 800);
        // The team's status pushes can be held back from the page, so that the team moves on
        // without the page hearing of it (two members at once, or a push lost).
        var holdTeamPushes = false;
        await context.RouteWebSocketAsync(new Regex("/hubs/"), socket =>
        {
            var server = socket.ConnectToServer();
            server.OnMessage(frame =>
            {
                if (frame.Text is { } text)
                {
                    if (!(Volatile.Read(ref holdTeamPushes) && text.Contains("\"target\":\"Teams\"", StringComparison.Ordinal)))
                    {
                        socket.Send(text);
                    }
                }
                else if (frame.Binary is { } binary)
                {
                    socket.Send(binary);
                }
            });
        });
        await DevicePosition.Allow(context, walk[0].Longitude, walk[0].Latitude);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/");
        await SignInPage.SignIn(page, node, "fieldteam");

        await page.WaitForURLAsync(new Regex("/team$"), new() { Timeout = WorkerPage.PatienceMs });
        await page.Locator("header [data-status='online']").WaitForAsync(new() { Timeout = WorkerPage.PatienceMs });
        var status = page.GetByTestId("team-status");
        await Expect(status).ToHaveAttributeAsync("data-status", "Available", new() { Timeout = WorkerPage.PatienceMs });
        await Expect(page.GetByTestId("view-team").Locator("h2")).ToContainTextAsync("综合执法一中队");
        Assert.Equal(["Dispatched", "OutOfService", "Training", "VehicleMaintenance"], await Steps(page));
        await Screenshots.Save(page, "team-available-360x800");

        await Step(page, "已派遣");
        await Expect(status).ToHaveAttributeAsync("data-status", "Dispatched");
        Assert.Equal(["EnRoute", "Responding", "Available", "OutOfService", "Training", "VehicleMaintenance"], await Steps(page));
        await Expect(status).ToContainTextAsync("请在");
        await page.GetByLabel("理由（选填）").FillAsync("前往万缘路处置占道经营");
        await Step(page, "在途");
        await Expect(status).ToHaveAttributeAsync("data-status", "EnRoute");
        await Expect(page.GetByTestId("team-notice")).ToHaveTextAsync("状态已改为：在途");
        await Expect(page.GetByTestId("team-history").Locator("li").First).ToContainTextAsync("已派遣 → 在途");
        await Expect(page.GetByTestId("team-history").Locator("li").First).ToContainTextAsync("前往万缘路处置占道经营");
        Assert.Equal(["OnScene", "Returning", "Available"], await Steps(page));
        await Screenshots.Save(page, "team-en-route-360x800");

        // The unit's handler calls the team back while the page hears nothing of it; the member's
        // next tap skips the steps in between, and the server's refusal is shown with what it allows.
        Volatile.Write(ref holdTeamPushes, true);
        using var handler = await BrowserSession.SignIn(node, "handler", node.PasswordOf("handler"));
        await handler.Send(HttpMethod.Post, $"api/teams/{Team}/status", new { status = "Available", reason = "任务取消" }).Expect(HttpStatusCode.OK);
        await Expect(status).ToHaveAttributeAsync("data-status", "EnRoute");
        await Step(page, "到场处置");
        var refusal = page.GetByTestId("team-refusal");
        await Expect(refusal).ToContainTextAsync("未能更改");
        await Expect(refusal).ToContainTextAsync("当前允许：已派遣、暂停服务、训练、车辆检修");
        await Expect(status).ToHaveAttributeAsync("data-status", "Available");
        Assert.Equal(["Dispatched", "OutOfService", "Training", "VehicleMaintenance"], await Steps(page));
        await Screenshots.Save(page, "team-refused-360x800");

        // Live again: a change by another hand reaches the page without a reload.
        Volatile.Write(ref holdTeamPushes, false);
        var reloads = 0;
        page.Load += (_, _) => Interlocked.Increment(ref reloads);
        await handler.Send(HttpMethod.Post, $"api/teams/{Team}/status", new { status = "OutOfService", reason = "车辆保养" }).Expect(HttpStatusCode.OK);
        await Expect(status).ToHaveAttributeAsync("data-status", "OutOfService", new() { Timeout = WorkerPage.PatienceMs });
        Assert.Equal(0, reloads);
        // The refusal spoke of a status the team has left.
        await Expect(refusal).ToHaveCountAsync(0);

        // Out of service past its threshold (3 s on this node): the server's warning reaches the page.
        await Expect(page.GetByTestId("team-overstay")).ToContainTextAsync("已超时：处于“暂停服务”已超过规定时限", new() { Timeout = WorkerPage.PatienceMs });
        await Expect(status).ToHaveAttributeAsync("data-warning", "true");
        await Screenshots.Save(page, "team-overstay-360x800");
        await handler.Send(HttpMethod.Post, $"api/teams/{Team}/status", new { status = "Available" }).Expect(HttpStatusCode.OK);
        await Expect(status).ToHaveAttributeAsync("data-status", "Available", new() { Timeout = WorkerPage.PatienceMs });

        // The district's own names: the member goes to training, then the vehicle goes in for
        // maintenance (one canonical status, two local ones); the canonical meaning stays beside.
        await Expect(page.GetByTestId("team-steps").Locator("[data-step='Training']")).ToContainTextAsync("暂停服务");
        await page.GetByTestId("team-steps").Locator("[data-step='Training']").ClickAsync();
        await Expect(status).ToHaveAttributeAsync("data-local-status", "Training");
        await Expect(status).ToHaveAttributeAsync("data-status", "OutOfService");
        await Expect(status.Locator(".status-name")).ToContainTextAsync("训练");
        await Expect(page.GetByTestId("team-status-meaning")).ToHaveTextAsync("暂停服务");
        await Expect(page.GetByTestId("team-notice")).ToHaveTextAsync("状态已改为：训练");
        Assert.Equal(["Available", "VehicleMaintenance"], await Steps(page));
        await page.GetByTestId("team-steps").Locator("[data-step='VehicleMaintenance']").ClickAsync();
        await Expect(status).ToHaveAttributeAsync("data-local-status", "VehicleMaintenance");
        await Expect(page.GetByTestId("team-history").Locator("li").First).ToContainTextAsync("训练 → 车辆检修");
        await Screenshots.Save(page, "team-local-status-360x800");
        await Step(page, "空闲待命");
        await Expect(status).ToHaveAttributeAsync("data-local-status", "");

        // The member's positions are the team's.
        await DevicePosition.Kept(page, walk[0].Longitude, walk[0].Latitude);
        await DevicePosition.MoveTo(page, walk[1].Longitude, walk[1].Latitude);
        var track = await DevicePosition.Track(node, "teams", Team, since, walk.Length);
        Assert.True(DevicePosition.Are(track, walk), string.Join("; ", track.Select(DevicePosition.Describe)));
    }

    [Fact]
    public async Task TheTeamViewPassesAnAxeScanWithFingerSizedControlsInBothLanguages()
    {
        await using var context = await node.NewContext(360, 800);
        await DevicePosition.Allow(context, DemoAccounts.PatrolLongitude, DemoAccounts.PatrolLatitude);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/team");
        await SignInPage.SignIn(page, node, "fieldteam");
        await page.WaitForURLAsync(new Regex("/team$"), new() { Timeout = WorkerPage.PatienceMs });
        await page.GetByTestId("team-status").WaitForAsync(new() { Timeout = WorkerPage.PatienceMs });
        await Expect(page.GetByTestId("position-sharing")).ToHaveAttributeAsync("data-state", "sharing", new() { Timeout = WorkerPage.PatienceMs });
        await page.GetByTestId("position-sharing").GetByText("为什么共享位置？").ClickAsync();

        await AssertAccessible(page);
        await Screenshots.Save(page, "team-360x800");

        await page.GetByLabel("语言").SelectOptionAsync("en");
        await Expect(page.GetByTestId("position-sharing").GetByRole(AriaRole.Status)).ToHaveTextAsync("Sharing my position");
        await AssertAccessible(page);
        await Screenshots.Save(page, "team-en-360x800");
    }

    private static async Task AssertAccessible(IPage page)
    {
        var scan = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        Assert.Contains(scan.Passes, rule => rule.Id == "color-contrast");
        Assert.Contains(scan.Passes, rule => rule.Id == "label");
        Assert.True(scan.Violations.Length == 0, string.Join("\n", scan.Violations.Select(v => $"{v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Html))}")));
        var small = await page.EvaluateAsync<string[]>(@"() => {
            const small = [];
            for (const control of document.querySelectorAll('[data-testid=view-team] :is(button, a[href], input, select, textarea, summary, [role=button])')) {
                const box = control.getBoundingClientRect();
                if (box.width === 0 && box.height === 0) continue;
                if (box.width < 44 || box.height < 44) small.push(`${control.outerHTML.slice(0, 80)} ${box.width}x${box.height}`);
            }
            return small;
        }");
        Assert.Empty(small);
        Assert.True(
            await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"),
            "The page scrolls sideways at 360 px.");
    }

    private static Task Step(IPage page, string name) =>
        page.GetByTestId("team-steps").GetByRole(AriaRole.Button, new() { Name = name, Exact = true }).ClickAsync();

    private static async Task<string[]> Steps(IPage page) =>
        await page.GetByTestId("team-steps").EvaluateAsync<string[]>("steps => [...steps.querySelectorAll('button')].map(button => button.dataset.step)");
}
