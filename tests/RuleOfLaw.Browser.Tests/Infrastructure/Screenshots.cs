using Microsoft.Playwright;

namespace RuleOfLaw.Browser.Tests.Infrastructure;

/// <summary>
/// Screenshots of each view at its target size, kept as the run's artefacts: in
/// RULEOFLAW_TEST_ARTIFACT_DIR when set (tests/run.sh names one), else beside the test binaries.
/// </summary>
public static class Screenshots
{
    public const string DirectoryVariable = "RULEOFLAW_TEST_ARTIFACT_DIR";

    public static string Directory
    {
        get
        {
            var root = Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } configured
                ? configured
                : Path.Combine(AppContext.BaseDirectory, "artifacts");
            var directory = Path.Combine(root, "screenshots");
            System.IO.Directory.CreateDirectory(directory);
            return directory;
        }
    }

    public static async Task<string> Save(IPage page, string name)
    {
        var path = Path.Combine(Directory, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = false });
        return path;
    }
}
