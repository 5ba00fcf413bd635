using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RuleOfLaw.Tests.Shared;

namespace RuleOfLaw.Browser.Tests.Infrastructure;

/// <summary>The grid worker's app as the tests drive it on a phone-sized page: sign-in, report form, tasks.</summary>
public static class WorkerPage
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    public static readonly float PatienceMs = (float)Patience.TotalMilliseconds;

    /// <summary>
    /// Signs the seeded grid worker in on a new page of <paramref name="context"/> and waits until the
    /// app is live and its category picker filled. Each refusal by the node's Content-Security-Policy
    /// is handed to <paramref name="policyViolation"/>.
    /// </summary>
    public static async Task<IPage> Open(BrowserNode node, IBrowserContext context, Action<string>? policyViolation = null)
    {
        var page = await context.NewPageAsync();
        if (policyViolation is not null)
        {
            page.Console += (_, message) =>
            {
                if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
                {
                    policyViolation(message.Text);
                }
            };
        }

        await page.GotoAsync("/");
        await SignInPage.SignIn(page, node, "gridworker");
        await page.WaitForURLAsync(new Regex("/worker"), new() { Timeout = PatienceMs });
        await page.Locator("[data-status='online']").WaitForAsync(new() { Timeout = PatienceMs });
        await page.GetByTestId("category-picker").Locator("[data-category]").First.WaitForAsync(new() { Timeout = PatienceMs });
        return page;
    }

    public static async Task ChooseCategory(IPage page, string search, string choice)
    {
        await page.GetByLabel("搜索类别").FillAsync(search);
        await page.GetByRole(AriaRole.Button, new() { Name = choice }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("category-chosen")).ToContainTextAsync(choice.Split(' ')[0]);
    }

    public static async Task WaitForPin(IPage page)
    {
        await Assertions.Expect(page.GetByLabel("经度")).Not.ToHaveValueAsync("", new() { Timeout = PatienceMs });
        await Assertions.Expect(page.GetByLabel("纬度")).Not.ToHaveValueAsync("");
        await Assertions.Expect(page.GetByTestId("pin-outside")).ToHaveCountAsync(0);
    }

    public static async Task AttachPhoto(IPage page, string input, byte[] jpeg)
    {
        await page.Locator(input).SetInputFilesAsync(new FilePayload { Name = "site.jpg", MimeType = "image/jpeg", Buffer = jpeg });
        var preview = page.Locator($"{input} ~ ul img").First;
        await preview.WaitForAsync(new() { Timeout = PatienceMs });
        // The preview is decoded from the bytes on the device: a real image, not a broken one.
        await Assertions.Expect(preview).ToHaveJSPropertyAsync("complete", true);
        Assert.True(await preview.EvaluateAsync<int>("image => image.naturalWidth") > 0);
    }

    /// <summary>The case id the form will send, from its draft: the test can then find exactly that case.</summary>
    public static Task<string> DraftId(IPage page) =>
        page.EvaluateAsync<string>("() => JSON.parse(sessionStorage.getItem('ruleoflaw.draft.worker-report')).id");

    /// <summary>
    /// Fills and sends the report form as a worker on patrol does: category CG03 (exposed garbage), a
    /// description, a pin tapped on the map, a photo taken on site. Returns the case's id.
    /// </summary>
    public static async Task<string> Report(IPage page, string description)
    {
        await ChooseCategory(page, "垃圾", "CG03 暴露垃圾");
        await page.GetByLabel("事件描述").FillAsync(description);
        await page.GetByTestId("pin-map").ClickAsync();
        await WaitForPin(page);
        await AttachPhoto(page, "#report-photos", await JpegWithGps(page));
        var id = await DraftId(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "上报", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("report-notice")).ToContainTextAsync($"已上报：{description}", new() { Timeout = PatienceMs });
        return id;
    }

    /// <summary>The case among my grid's open cases.</summary>
    public static ILocator GridCase(IPage page, string id) => page.Locator($"[data-testid='grid-cases'] [data-incident='{id}']");

    /// <summary>The case among the tasks assigned to me.</summary>
    public static ILocator Task(IPage page, string id) => page.Locator($"[data-testid='worker-tasks'] [data-incident='{id}']");

    /// <summary>A real JPEG drawn by the browser, with an EXIF segment carrying a GPS position right after its start.</summary>
    public static async Task<byte[]> JpegWithGps(IPage page)
    {
        var dataUrl = await page.EvaluateAsync<string>(@"() => {
            const canvas = document.createElement('canvas');
            canvas.width = 64; canvas.height = 48;
            const context = canvas.getContext('2d');
            context.fillStyle = '#6b8e23'; context.fillRect(0, 0, 64, 48);
            context.fillStyle = '#8b4513'; context.fillRect(16, 12, 32, 24);
            return canvas.toDataURL('image/jpeg', 0.8);
        }");
        var drawn = Convert.FromBase64String(dataUrl[(dataUrl.IndexOf(',') + 1)..]);
        byte[] payload = [.. "Exif\0\0"u8, .. Encoding.ASCII.GetBytes(PhotoSamples.Gps)];
        byte[] segment = [0xFF, 0xE1, (byte)((payload.Length + 2) >> 8), (byte)(payload.Length + 2), .. payload];
        byte[] jpeg = [.. drawn[..2], .. segment, .. drawn[2..]];
        Assert.True(PhotoSamples.Contains(jpeg, PhotoSamples.Gps));
        return jpeg;
    }
}
