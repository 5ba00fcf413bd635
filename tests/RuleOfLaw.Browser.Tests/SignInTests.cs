using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RuleOfLaw.Browser.Tests.Infrastructure;

namespace RuleOfLaw.Browser.Tests;

/// <summary>
/// Signing in through the real sign-in page, as each role, against a real node: each lands on the
/// view that fits the role, live and online. The other checks cover sign-out and a session that
/// ends while someone is typing.
/// </summary>
[Collection(BrowserNodeCollection.Name)]
public sealed class SignInTests(BrowserNode node)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("gridworker", "worker", 360, 800)]
    [InlineData("intake", "console", 1920, 1080)]
    [InlineData("shiftleader", "console", 1920, 1080)]
    [InlineData("dispatcher", "console", 1920, 1080)]
    [InlineData("handler", "console", 1920, 1080)]
    [InlineData("admin", "console", 1920, 1080)]
    [InlineData("leader", "wall", 1920, 1080)]
    public async Task EachRoleSignsInThroughThePageAndLandsOnItsOwnView(string login, string view, int width, int height)
    {
        await using var context = await node.NewContext(width, height);
        var page = await context.NewPageAsync();
        var outside = ForeignRequests(page);

        await page.GotoAsync("/");
        await SignIn(page, login);

        await Expect(page, $"/{view}");
        await page.GetByTestId($"view-{view}").WaitForAsync(new() { Timeout = (float)Patience.TotalMilliseconds });
        await page.Locator("[data-status='online']").WaitForAsync(new() { Timeout = (float)Patience.TotalMilliseconds });
        if (view == "console")
        {
            // The map is drawn from the district's own grid polygons (no tiles): a canvas appears once they are.
            await page.Locator("[data-testid='grid-map'] canvas").WaitForAsync(new() { Timeout = (float)Patience.TotalMilliseconds });
        }

        await Screenshots.Save(page, $"{view}-{login}-{width}x{height}");
        Assert.Empty(outside);
    }

    [Fact]
    public async Task ARoleCannotOpenAnotherRolesView()
    {
        await using var context = await node.NewContext(360, 800);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await SignIn(page, "gridworker");
        await Expect(page, "/worker");

        await page.GotoAsync("/console");

        await Expect(page, "/worker");
    }

    [Fact]
    public async Task AViewOpenedBeforeSigningInIsShownAfterIt()
    {
        await using var context = await node.NewContext(1920, 1080);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/wall");
        await Expect(page, "/sign-in");
        await SignIn(page, "leader");

        await Expect(page, "/wall");
    }

    [Fact]
    public async Task SigningOutReturnsToSignInAndClosesTheViews()
    {
        await using var context = await node.NewContext(1920, 1080);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await SignIn(page, "intake");
        await Expect(page, "/console");

        await page.GetByRole(AriaRole.Button, new() { Name = "退出登录" }).ClickAsync();

        await Expect(page, "/sign-in");
        await page.GotoAsync("/console");
        await Expect(page, "/sign-in");
    }

    [Fact]
    public async Task AnExpiredSessionReturnsToSignInAndKeepsWhatWasTyped()
    {
        await using var context = await node.NewContext(360, 800);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await SignIn(page, "gridworker");
        await Expect(page, "/worker");
        var description = $"井盖缺失，行人易绊倒 {Guid.NewGuid():N}";
        await page.GetByLabel("事件描述").FillAsync(description);

        // The session ends as if it had timed out: the browser no longer holds a valid cookie. The
        // submit finds out; so may the app's own background calls (the live link reconnecting, the
        // report queue), which then take the page to sign-in first: both are the expiry being met.
        await context.ClearCookiesAsync();
        try
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "上报", Exact = true }).ClickAsync(new() { Timeout = 5_000 });
        }
        catch (TimeoutException) when (page.Url.Contains("/sign-in", StringComparison.Ordinal))
        {
        }

        await Expect(page, "/sign-in");
        await page.GetByTestId("session-expired").WaitForAsync();
        await Screenshots.Save(page, "sign-in-expired-360x800");
        await SignIn(page, "gridworker");
        await Expect(page, "/worker");
        Assert.Equal(description, await page.GetByLabel("事件描述").InputValueAsync());
    }

    [Fact]
    public async Task AWrongPasswordIsRefusedOnThePage()
    {
        await using var context = await node.NewContext(1920, 1080);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/sign-in");

        await page.GetByLabel("登录名").FillAsync("dispatcher");
        await page.GetByLabel("密码").FillAsync("not-the-password");
        await page.GetByLabel("密码").PressAsync("Enter");

        await page.GetByTestId("sign-in-error").WaitForAsync();
        await Expect(page, "/sign-in");
        await Screenshots.Save(page, "sign-in-refused-1920x1080");
    }

    private Task SignIn(IPage page, string login) => SignInPage.SignIn(page, node, login);

    private static Task Expect(IPage page, string path) =>
        page.WaitForURLAsync(new Regex($"^[^?]*//[^/]+{Regex.Escape(path)}(\\?.*)?$"), new() { Timeout = (float)Patience.TotalMilliseconds });

    /// <summary>Every request the page makes to anywhere but the node.</summary>
    private List<string> ForeignRequests(IPage page)
    {
        var foreign = new List<string>();
        page.Request += (_, request) =>
        {
            var url = new Uri(request.Url);
            if (url.Scheme is not ("data" or "blob") && url.Authority != node.BaseAddress.Authority)
            {
                foreign.Add(request.Url);
            }
        };
        return foreign;
    }
}
