using System.Globalization;
using System.Net;
using System.Text.Json;
using RuleOfLaw.Host.Tests.Identity;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Browser.Tests.Infrastructure;

/// <summary>
/// Today's patrol coverage (巡查覆盖率) as the node computes it, read through the API by a signed-in
/// person, to hold what a page shows against; and the percentage as the pages write it.
/// </summary>
public static class PatrolCoverageReadings
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    /// <summary>Reads <c>/api/assessment/coverage/{path}</c> for today (Asia/Shanghai), as the pages ask.</summary>
    public static async Task<JsonElement> Today(BrowserNode node, string login, string path)
    {
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(Shanghai).DateTime);
        using var session = await BrowserSession.SignIn(node, login, node.PasswordOf(login));
        return await session.Client
            .GetAsync($"api/assessment/coverage/{path}?from={today:yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}")
            .Expect(HttpStatusCode.OK);
    }

    /// <summary>The share (0–1, to 0.1 %) as the pages write it: a percentage with at most one decimal.</summary>
    public static string Percent(double coverage) => (coverage * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    /// <summary>The share as the pages put it in their data attributes (JavaScript's shortest form).</summary>
    public static string Attribute(double coverage) => coverage.ToString(CultureInfo.InvariantCulture);

    /// <summary>"visited/cells" of a reading as the pages write it (digits grouped by thousands).</summary>
    public static string Cells(JsonElement reading) =>
        $"{reading.GetProperty("visitedCells").GetInt32().ToString("N0", CultureInfo.InvariantCulture)}/{reading.GetProperty("cells").GetInt32().ToString("N0", CultureInfo.InvariantCulture)}";

    /// <summary>A grid worker's entry in an area's reading.</summary>
    public static double WorkerShare(JsonElement area, string userId) =>
        area.GetProperty("workers").EnumerateArray().First(worker => worker.GetProperty("userId").GetString() == userId).GetProperty("coverage").GetDouble();
}
