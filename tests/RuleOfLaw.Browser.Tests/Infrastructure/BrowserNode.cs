using Microsoft.Playwright;
using RuleOfLaw.Host.Tests.Identity;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Browser.Tests.Infrastructure;

/// <summary>
/// A real node (its first start seeds one account per role and prints their passwords) and one
/// headless Debian Chromium driven by Playwright. Never a browser Playwright downloads: the
/// machine's own, by path, with the flags that keep it off the network.
/// </summary>
/// <remarks>
/// A field team out of service for 3 s overstays, so the team view's warning can be seen in a test.
/// The district's local status names are the node's own (they replace the demo's in appsettings.json
/// entry by entry): 出警 Responding (en route), 训练 Training and 车辆检修 Vehicle maintenance (both out of service).
/// </remarks>
public class BrowserNode : NodeProcess, IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    ];

    private static readonly string[] LocalStatuses =
    [
        "--Teams:LocalStatuses:0:Code", "Responding", "--Teams:LocalStatuses:0:ZhCn", "出警",
        "--Teams:LocalStatuses:0:En", "Responding", "--Teams:LocalStatuses:0:Meaning", "EnRoute",
        "--Teams:LocalStatuses:1:Code", "Training", "--Teams:LocalStatuses:1:ZhCn", "训练",
        "--Teams:LocalStatuses:1:En", "Training", "--Teams:LocalStatuses:1:Meaning", "OutOfService",
        "--Teams:LocalStatuses:2:Code", "VehicleMaintenance", "--Teams:LocalStatuses:2:ZhCn", "车辆检修",
        "--Teams:LocalStatuses:2:En", "Vehicle maintenance", "--Teams:LocalStatuses:2:Meaning", "OutOfService",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public BrowserNode()
        : this([])
    {
    }

    /// <param name="extraArguments">Configuration of a node of its own (e.g. short thresholds), as command-line pairs.</param>
    protected BrowserNode(params string[] extraArguments)
        : base(["--Teams:Thresholds:OutOfService", "00:00:03", .. LocalStatuses, .. extraArguments])
    {
    }

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    // Re-implemented so that xunit, which calls the interface, starts the browser after the node.
    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium package (tests/run.sh does).");
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArguments,
        });
    }

    public override async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await base.DisposeAsync();
    }

    public string PasswordOf(string login) => SeededAccounts.PasswordOf(this, login);

    /// <summary>A fresh browser context (its own cookies and storage) at a screen size, on this node's origin.</summary>
    public Task<IBrowserContext> NewContext(int width, int height) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "zh-CN",
            // No request may leave the machine's loopback: the app has nothing to fetch elsewhere.
            ServiceWorkers = ServiceWorkerPolicy.Block,
        });
}

[CollectionDefinition(Name)]
public sealed class BrowserNodeCollection : ICollectionFixture<BrowserNode>
{
    public const string Name = "Browser node";
}
