using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace RuleOfLaw.Browser.Tests.Infrastructure;

/// <summary>The command console as the tests drive it: signed in through the page, its queues, its case panel.</summary>
public static class ConsolePage
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    public static readonly LocatorWaitForOptions Visible = new() { Timeout = (float)Patience.TotalMilliseconds };
    public static readonly LocatorWaitForOptions Gone = new() { State = WaitForSelectorState.Detached, Timeout = (float)Patience.TotalMilliseconds };

    /// <summary>
    /// Signs <paramref name="login"/> in on a new page of <paramref name="context"/> and waits until the
    /// console is live and its map drawn. <paramref name="prepare"/> runs on the page before it loads
    /// (routes a test wants in place from the first request); <paramref name="password"/> is for an
    /// account made during the run (the seeded ones' are known).
    /// </summary>
    public static async Task<IPage> Open(BrowserNode node, IBrowserContext context, string login, Func<IPage, Task>? prepare = null, string? password = null)
    {
        var page = await context.NewPageAsync();
        if (prepare is not null)
        {
            await prepare(page);
        }

        // What the page itself reported, for the message of a test that fails on it.
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
        await SignInPage.SignIn(page, login, password ?? node.PasswordOf(login));
        await page.WaitForURLAsync(new Regex("/console$"), new() { Timeout = (float)Patience.TotalMilliseconds });
        try
        {
            await page.Locator("[data-status='online']").WaitForAsync(Visible);
            // The map is drawn from the district's own grid polygons: a canvas appears once they are.
            await page.Locator("[data-testid='grid-map'] canvas").WaitForAsync(Visible);
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{timeout.Message}\nThe page reported: {string.Join("\n", pageErrors)}", timeout);
        }

        return page;
    }

    /// <summary>The case's row in a queue, when that queue's tab is the one shown.</summary>
    public static ILocator QueueRow(IPage page, string queue, string id) =>
        page.Locator($"[data-testid='queue-{queue}'] tr[data-incident='{id}']");

    public static ILocator Panel(IPage page) => page.GetByTestId("case-panel");

    public static Task WaitForState(ILocator element, string state) =>
        Assertions.Expect(element).ToHaveAttributeAsync("data-state", state, new() { Timeout = (float)Patience.TotalMilliseconds });

    /// <summary>Shows a queue's tab (or 'all'), as an operator clicks it.</summary>
    public static async Task ShowQueue(IPage page, string queue)
    {
        var tab = page.GetByTestId($"queue-tab-{queue}");
        await tab.ClickAsync();
        await Assertions.Expect(tab).ToHaveAttributeAsync("aria-selected", "true");
    }

    /// <summary>Opens the case from its row in a queue and waits for the panel to show it.</summary>
    public static async Task<ILocator> OpenCase(IPage page, string queue, string id)
    {
        await ShowQueue(page, queue);
        var row = QueueRow(page, queue, id);
        await row.WaitForAsync(Visible);
        await row.GetByRole(AriaRole.Button).ClickAsync();
        var panel = Panel(page);
        await Assertions.Expect(panel).ToHaveAttributeAsync("data-incident", id, new() { Timeout = (float)Patience.TotalMilliseconds });
        return panel;
    }

    /// <summary>
    /// Takes a step of the open case from its panel: the step's button among the allowed ones, then
    /// its form. <paramref name="fill"/> fills the form's fields before it is sent.
    /// </summary>
    public static async Task TakeStep(IPage page, string segment, Func<ILocator, Task>? fill = null)
    {
        await Panel(page).Locator($"[data-step='{segment}']").ClickAsync(new() { Timeout = (float)Patience.TotalMilliseconds });
        var form = page.GetByTestId($"step-form-{segment}");
        await form.WaitForAsync(Visible);
        if (fill is not null)
        {
            await fill(form);
        }

        await form.GetByTestId($"step-submit-{segment}").ClickAsync();
    }
}
