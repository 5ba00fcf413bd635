using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Duplicates;

/// <summary>
/// GET /api/me/reports (我的上报) on a node with the duplicate flag on: each reporter sees their own
/// reports only, and a report merged into another case carries that case as it stands, so the
/// worker's app can say into which case it went and where that case is.
/// </summary>
[Collection(DuplicatesNodeCollection.Name)]
public sealed class OwnReportsTests(DuplicatesNode node) : IAsyncLifetime
{
    private const string FirstReporter = "gw-own-first";
    private const string SecondReporter = "gw-own-second";

    private Crew _crew = null!;
    private HttpClient _first = null!;
    private HttpClient _second = null!;

    public async Task InitializeAsync()
    {
        _crew = await Crew.In(node, DemoAreas.LoopStreet, gridIndex: 4);
        _first = node.Client(Role.GridWorker, _crew.Grid, user: FirstReporter);
        _second = node.Client(Role.GridWorker, _crew.Grid, user: SecondReporter);
    }

    public Task DisposeAsync()
    {
        _crew.Dispose();
        _first.Dispose();
        _second.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task AReporterListsTheirOwnReportsAndAMergedOneNamesTheCaseItWentIntoAsItStands()
    {
        var original = await Report(_first);
        var duplicate = await Report(_second);
        var later = await Report(_second);

        var before = await Own(_second);
        Assert.Equal(new[] { later, duplicate }.Order(StringComparer.Ordinal), before.Select(item => item.Report).Order(StringComparer.Ordinal));
        Assert.All(before, item => Assert.Null(item.Original));

        await Crew.Step(_crew.Intake, duplicate, "merge", new { intoIncidentId = original, reason = "同一处垃圾 same pile" });
        var originalNow = (await _crew.Details(original)).GetProperty("incident");

        var after = await Own(_second);
        var merged = after.Single(item => item.Report == duplicate);
        Assert.Equal(original, merged.MergedInto);
        Assert.Equal((original, originalNow.Text("state"), originalNow.GetProperty("version").GetInt32()), merged.Original);
        Assert.Null(after.Single(item => item.Report == later).Original);

        // Nobody sees another's reports: the first reporter has the original alone, unmerged.
        var firsts = await Own(_first);
        Assert.Equal([original], firsts.Select(item => item.Report));
        Assert.Null(firsts[0].Original);

        var one = await _second.GetAsync("api/me/reports?limit=1").Expect(HttpStatusCode.OK);
        Assert.Equal(1, one.GetProperty("items").GetArrayLength());
        Assert.Equal(1, one.GetProperty("limit").GetInt32());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("many")]
    public async Task ALimitOutsideOneToAHundredIsRefusedNamingTheField(string limit)
    {
        var refused = await _second.GetAsync($"api/me/reports?limit={limit}").Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["limit"], refused.ErrorFields());
    }

    private async Task<string> Report(HttpClient reporter)
    {
        var id = Crew.NewId();
        await reporter.PostAsJsonAsync("api/incidents", new
        {
            id,
            subcategory = "CG03",
            description = "路边堆放生活垃圾 exposed garbage by the road",
            longitude = _crew.Point.Longitude,
            latitude = _crew.Point.Latitude,
            attachments = new[] { "photo/before.jpg" },
        }).Expect(HttpStatusCode.Created);
        return id;
    }

    private static async Task<List<(string Report, string? MergedInto, (string Id, string State, int Version)? Original)>> Own(HttpClient reporter)
    {
        var page = await reporter.GetAsync("api/me/reports").Expect(HttpStatusCode.OK);
        return [.. page.GetProperty("items").EnumerateArray().Select(item =>
        {
            var report = item.GetProperty("report");
            var original = item.GetProperty("original");
            var mergedInto = report.GetProperty("mergedInto");
            return (
                report.Text("id"),
                mergedInto.ValueKind == JsonValueKind.Null ? null : mergedInto.GetString(),
                original.ValueKind == JsonValueKind.Null ? ((string, string, int)?)null : (original.Text("id"), original.Text("state"), original.GetProperty("version").GetInt32()));
        })];
    }
}
