using Microsoft.Playwright;
using RuleOfLaw.Browser.Tests.Infrastructure;
using RuleOfLaw.Tests.Shared;

namespace RuleOfLaw.Browser.Tests;

/// <summary>
/// One case walked through the whole closed loop (domain.md §3, TransitionTable.cs) by the people
/// whose steps they are, each on their own screen in a browser context of their own: the grid
/// worker's phone and the consoles of intake, the shift leader, the dispatcher and the unit
/// handler, all open before the report. Every step is taken on a page; after each one every
/// other screen must show the case where it now belongs, without a reload.
/// </summary>
[Collection(BrowserNodeCollection.Name)]
public sealed class ClosedLoopTests(BrowserNode node)
{
    private const string Intake = "intake";
    private const string ShiftLeader = "shiftleader";
    private const string Dispatcher = "dispatcher";
    private const string Handler = "handler";

    /// <summary>Each console role's queues and the states that put a case in them (console/queues.ts, from TransitionTable.cs).</summary>
    private static readonly Dictionary<string, (string Queue, string[] States)[]> QueuesOf = new()
    {
        [Intake] = [("toRegister", ["Reported", "PendingRegistration"]), ("toCheck", ["Handled"])],
        [ShiftLeader] = [("toRegister", ["PendingRegistration"]), ("toClose", ["PendingClose", "SelfHandled"])],
        [Dispatcher] = [("toDispatch", ["Registered"])],
        [Handler] = [("toHandle", ["Dispatched", "InProgress", "Hung"])],
    };

    /// <summary>While the case is assigned to the unit, it is in the unit's scope: from the dispatch until it is closed.</summary>
    private static readonly string[] AssignedStates = ["Dispatched", "InProgress", "Hung", "Handled", "Checking", "PendingClose"];

    /// <summary>How the worker's app names each state (i18n/messages.ts, zh-CN).</summary>
    private static readonly Dictionary<string, string> StateLabels = new()
    {
        ["Reported"] = "已上报",
        ["PendingRegistration"] = "待立案",
        ["Registered"] = "已立案",
        ["Dispatched"] = "已派遣",
        ["InProgress"] = "处置中",
        ["Handled"] = "已处置",
        ["Checking"] = "核查中",
        ["PendingClose"] = "待结案",
    };

    [Fact]
    public async Task OneCaseWalksTheWholeClosedLoopAcrossEveryRolesScreenAndEveryOtherScreenFollowsLive()
    {
        await using var workerContext = await node.NewContext(360, 800);
        await using var intakeContext = await node.NewContext(1920, 1080);
        await using var leaderContext = await node.NewContext(1920, 1080);
        await using var dispatcherContext = await node.NewContext(1920, 1080);
        await using var handlerContext = await node.NewContext(1920, 1080);
        var screens = new Screens(await WorkerPage.Open(node, workerContext), new Dictionary<string, IPage>
        {
            [Intake] = await ConsolePage.Open(node, intakeContext, Intake),
            [ShiftLeader] = await ConsolePage.Open(node, leaderContext, ShiftLeader),
            [Dispatcher] = await ConsolePage.Open(node, dispatcherContext, Dispatcher),
            [Handler] = await ConsolePage.Open(node, handlerContext, Handler),
        });
        var description = $"路边暴露垃圾堆积（闭环全程）{Guid.NewGuid():N}";

        // 1. The grid worker reports on patrol: category, pin, photo (the phone's own form).
        var id = await WorkerPage.Report(screens.Worker, description);
        await EveryScreenFollows(screens, id, "Reported", "01-reported");

        // 2. Intake forwards the patrol report to the shift leader (Forward: Reported → PendingRegistration).
        var intake = screens.Consoles[Intake];
        await ConsolePage.OpenCase(intake, "toRegister", id);
        await ConsolePage.TakeStep(intake, "forward");
        await EveryScreenFollows(screens, id, "PendingRegistration", "02-forwarded");

        // 3. The shift leader registers it (Register: PendingRegistration → Registered).
        var shiftLeader = screens.Consoles[ShiftLeader];
        await ConsolePage.OpenCase(shiftLeader, "toRegister", id);
        await ConsolePage.TakeStep(shiftLeader, "register");
        await EveryScreenFollows(screens, id, "Registered", "03-registered");

        // 4. The dispatcher sends it to the power list's lead unit, the handler's (Dispatch: Registered → Dispatched).
        var dispatcher = screens.Consoles[Dispatcher];
        await ConsolePage.OpenCase(dispatcher, "toDispatch", id);
        await ConsolePage.TakeStep(dispatcher, "dispatch");
        await EveryScreenFollows(screens, id, "Dispatched", "04-dispatched");

        // 5. The unit signs for it (Sign: Dispatched → InProgress) ...
        var handler = screens.Consoles[Handler];
        await ConsolePage.OpenCase(handler, "toHandle", id);
        await ConsolePage.TakeStep(handler, "sign");
        await EveryScreenFollows(screens, id, "InProgress", "05-signed");

        // 6. ... and reports the handling with an 'after' photo (Handle: InProgress → Handled).
        await ConsolePage.TakeStep(handler, "handle", form =>
            form.GetByLabel("处置后照片").SetInputFilesAsync(new FilePayload { Name = "after.png", MimeType = "image/png", Buffer = PhotoSamples.Png() }));
        await EveryScreenFollows(screens, id, "Handled", "06-handled");
        await Assertions.Expect(ConsolePage.Panel(handler).Locator("ul.photos img")).ToHaveCountAsync(2, new() { Timeout = (float)ConsolePage.Patience.TotalMilliseconds });

        // 7. Intake sends the grid worker to check on site (SendCheck: Handled → Checking).
        await ConsolePage.OpenCase(intake, "toCheck", id);
        await ConsolePage.TakeStep(intake, "send-check");
        await EveryScreenFollows(screens, id, "Checking", "07-sent-to-check");

        // 8. The worker's phone shows the check task; the worker passes it with an 'after' photo (Check: Checking → PendingClose).
        var worker = screens.Worker;
        var task = WorkerPage.Task(worker, id);
        await task.GetByRole(AriaRole.Button, new() { Name = $"核查：{description}" }).ClickAsync();
        var form = worker.GetByTestId("task-form-check");
        await form.GetByRole(AriaRole.Radio, new() { Name = "通过", Exact = true }).CheckAsync();
        await WorkerPage.AttachPhoto(worker, $"#task-{id}-photos", await WorkerPage.JpegWithGps(worker));
        await form.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Assertions.Expect(worker.GetByTestId("task-done")).ToContainTextAsync(description, new() { Timeout = WorkerPage.PatienceMs });
        await EveryScreenFollows(screens, id, "PendingClose", "08-checked");

        // 9. The shift leader closes it (Close: PendingClose → Closed): it leaves every open list.
        await ConsolePage.OpenCase(shiftLeader, "toClose", id);
        await ConsolePage.TakeStep(shiftLeader, "close", form => form.GetByLabel("结案类型").SelectOptionAsync("Normal"));
        await EveryScreenFollows(screens, id, "Closed", "09-closed");

        Assert.Equal(0, screens.Reloads);
    }

    /// <summary>
    /// After a step: each console shows the case in the state reached, in exactly the role's queues
    /// that state belongs to, and in its open case panel; the phone shows it among the grid's cases
    /// and as a task only while it waits for the worker's check. Then a screenshot of every screen.
    /// </summary>
    private static async Task EveryScreenFollows(Screens screens, string id, string state, string step)
    {
        foreach (var (login, page) in screens.Consoles)
        {
            await ConsoleFollows(page, login, id, state);
        }

        await WorkerFollows(screens.Worker, id, state);

        foreach (var (login, page) in screens.Consoles)
        {
            await Screenshots.Save(page, $"closed-loop-{step}-console-{login}-1920x1080");
        }

        await Screenshots.Save(screens.Worker, $"closed-loop-{step}-worker-360x800");
    }

    private static async Task ConsoleFollows(IPage page, string login, string id, string state)
    {
        var inScope = login == Handler ? AssignedStates.Contains(state) : state != "Closed";

        // The list of every open case first: it shows the new state arrived before absences are checked.
        await ConsolePage.ShowQueue(page, "all");
        var row = ConsolePage.QueueRow(page, "all", id);
        if (inScope)
        {
            await Within(login, state, ConsolePage.WaitForState(row, state));
        }
        else
        {
            await Within(login, state, row.WaitForAsync(ConsolePage.Gone));
        }

        foreach (var (queue, states) in QueuesOf[login])
        {
            await ConsolePage.ShowQueue(page, queue);
            var queued = ConsolePage.QueueRow(page, queue, id);
            if (states.Contains(state))
            {
                await Within(login, $"{state} in {queue}", ConsolePage.WaitForState(queued, state));
            }
            else
            {
                await Within(login, $"{state} not in {queue}", Assertions.Expect(queued).ToHaveCountAsync(0));
            }
        }

        // A panel left open on the case follows it too, to the end.
        var panel = ConsolePage.Panel(page);
        if (await panel.CountAsync() > 0 && await panel.GetAttributeAsync("data-incident") == id)
        {
            await Within(login, $"{state} in the panel", ConsolePage.WaitForState(panel, state));
        }
    }

    private static async Task WorkerFollows(IPage worker, string id, string state)
    {
        var listed = WorkerPage.GridCase(worker, id);
        var task = WorkerPage.Task(worker, id);
        if (state == "Closed")
        {
            await Within("gridworker", state, listed.WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = WorkerPage.PatienceMs }));
        }
        else
        {
            await Within("gridworker", state, Assertions.Expect(listed.Locator(".state")).ToHaveTextAsync(StateLabels[state], new() { Timeout = WorkerPage.PatienceMs }));
        }

        if (state == "Checking")
        {
            await Within("gridworker", "the check task", Assertions.Expect(task).ToHaveAttributeAsync("data-step", "check", new() { Timeout = WorkerPage.PatienceMs }));
            await task.ScrollIntoViewIfNeededAsync();
        }
        else
        {
            await Within("gridworker", $"no task while {state}", Assertions.Expect(task).ToHaveCountAsync(0));
            if (state != "Closed")
            {
                await listed.ScrollIntoViewIfNeededAsync();
            }
        }
    }

    /// <summary>Names the screen and the expectation in the failure of a wait that timed out.</summary>
    private static async Task Within(string screen, string expectation, Task wait)
    {
        try
        {
            await wait;
        }
        catch (Exception failure) when (failure is TimeoutException or PlaywrightException)
        {
            throw new TimeoutException($"The {screen} screen did not follow the case live ({expectation}): {failure.Message}", failure);
        }
    }

    /// <summary>The open screens; every full page load after they opened is counted (there must be none).</summary>
    private sealed class Screens
    {
        private int _reloads;

        public Screens(IPage worker, Dictionary<string, IPage> consoles)
        {
            Worker = worker;
            Consoles = consoles;
            foreach (var page in consoles.Values.Append(worker))
            {
                page.Load += (_, _) => Interlocked.Increment(ref _reloads);
            }
        }

        public IPage Worker { get; }

        public IReadOnlyDictionary<string, IPage> Consoles { get; }

        public int Reloads => Volatile.Read(ref _reloads);
    }
}
