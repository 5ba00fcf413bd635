using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Duplicates;
using RuleOfLaw.Host.Tests.Infrastructure;
using RuleOfLaw.Silo.Storage;

namespace RuleOfLaw.Host.Tests.Duplicates;

/// <summary>
/// A node with the duplicate flag on, as shipped. The other test nodes turn it off (their tests
/// count every event of a case and report many cases at one point), so it has a node of its own.
/// </summary>
public sealed class DuplicatesNode() : NodeProcess("--Duplicates:FlagAtIntake", "true");

[CollectionDefinition(Name)]
public sealed class DuplicatesNodeCollection : ICollectionFixture<DuplicatesNode>
{
    public const string Name = "Duplicates node";
}

/// <summary>
/// Duplicates at intake over HTTP on a real node: the second of two nearby reports is flagged,
/// merged into the first (both reporters on the first, the second off the grid's open list and
/// counters, each reporter told live) and the merge undone. Each test takes a grid of its own.
/// </summary>
[Collection(DuplicatesNodeCollection.Name)]
public sealed class DuplicateTests(DuplicatesNode node) : IAsyncLifetime
{
    private const string FirstReporter = "gw-first-reporter";
    private const string SecondReporter = "gw-second-reporter";

    private Crew _crew = null!;
    private HttpClient _firstReporter = null!;
    private HttpClient _secondReporter = null!;

    public async Task InitializeAsync()
    {
        _crew = await Crew.In(node, DemoAreas.LoopStreet);
        _firstReporter = node.Client(Role.GridWorker, _crew.Grid, user: FirstReporter);
        _secondReporter = node.Client(Role.GridWorker, _crew.Grid, user: SecondReporter);
    }

    public Task DisposeAsync()
    {
        _crew.Dispose();
        _firstReporter.Dispose();
        _secondReporter.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ASecondReportNearbyIsFlaggedMergedIntoTheFirstWithBothReportersAttachedAndTheMergeIsUndone()
    {
        await using var secondReportersPhone = await LiveClient.Connect(node, Role.GridWorker, _crew.Grid, user: SecondReporter);
        await secondReportersPhone.SubscribeReports();
        await using var intakeScreen = await LiveClient.Connect(node, Role.Intake, DemoAreas.District);

        // About 28 m east of the first report: well within 200 m, and in the same grid.
        var secondLongitude = _crew.Point.Longitude + 0.0003;
        var resolved = await _crew.Leader.GetAsync($"api/areas/resolve?lon={Invariant(secondLongitude)}&lat={Invariant(_crew.Point.Latitude)}").Expect(HttpStatusCode.OK);
        Assert.True(resolved.Text("gridCode") == _crew.Grid, $"The second point must lie in the first one's grid {_crew.Grid}, not {resolved.Text("gridCode")}.");
        var first = await Report(_firstReporter, _crew.Point.Longitude);
        var second = await Report(_secondReporter, secondLongitude);

        // The flag is the platform's own step right after the report's: await its push.
        var snapshot = await intakeScreen.SubscribeIncident(second);
        if (snapshot.GetProperty("incidents")[0].GetProperty("version").GetInt32() < 2)
        {
            await intakeScreen.BatchWith(second, 2);
        }

        var flagged = await _crew.Details(second);
        Assert.Equal([first], flagged.GetProperty("incident").Strings("likelyDuplicateOf"));
        var flag = flagged.GetProperty("history")[1];
        Assert.Equal(("FlagDuplicate", "system", "System"), (flag.Text("command"), flag.Text("actorUserId"), flag.Text("actorRole")));
        Assert.True(OpenRow(await GridList(), second).GetProperty("likelyDuplicate").GetBoolean());
        Assert.Equal(1, (await _crew.Details(first)).GetProperty("incident").GetProperty("version").GetInt32());

        var duplicates = await _crew.Intake.GetAsync($"api/incidents/{second}/duplicates").Expect(HttpStatusCode.OK);
        var candidate = Assert.Single(duplicates.GetProperty("candidates").EnumerateArray());
        Assert.Equal(first, candidate.GetProperty("incident").Text("id"));
        Assert.Equal(
            Math.Round(DuplicateRules.DistanceMeters(_crew.Point.Longitude, _crew.Point.Latitude, secondLongitude, _crew.Point.Latitude), 1),
            candidate.GetProperty("distanceMeters").GetDouble());

        var merged = await Crew.Step(_crew.Intake, second, "merge", new { intoIncidentId = first, reason = "同一处垃圾 same pile" });
        Assert.Equal(first, merged.GetProperty("incident").Text("mergedInto"));
        Assert.Equal(["unmerge"], merged.Strings("allowed"));

        var original = (await _crew.Details(first)).GetProperty("incident");
        Assert.Equal(2, original.GetProperty("version").GetInt32());
        Assert.Equal([(second, SecondReporter)], MergedReports(original));
        Assert.Equal([FirstReporter, SecondReporter], original.Strings("reporters"));
        Assert.Equal([first], (await GridList()).Select(row => row.Text("id")));
        Assert.Equal((1, 1), await GridCounters());
        Assert.Contains(await secondReportersPhone.BatchWith(first, 2), delta => LiveClient.Is(delta, first, 2));

        // A retry of the same merge tells the original again and changes nothing.
        await Crew.Step(_crew.Intake, second, "merge", new { intoIncidentId = first, reason = "同一处垃圾 same pile" });
        Assert.Equal(2, await _crew.VersionOf(first));

        // Any other step on the merged report is refused: it is handled as its original.
        var refused = await _crew.Intake.PostAsync($"api/incidents/{second}/forward", null).Expect(HttpStatusCode.Conflict);
        Assert.Equal(["unmerge"], refused.Strings("allowed"));

        var undone = await Crew.Step(_crew.ShiftLeader, second, "unmerge", new { reason = "并非同一处 not the same pile" });
        Assert.Equal(JsonValueKind.Null, undone.GetProperty("incident").GetProperty("mergedInto").ValueKind);
        var restored = (await _crew.Details(first)).GetProperty("incident");
        Assert.Equal(3, restored.GetProperty("version").GetInt32());
        Assert.Empty(MergedReports(restored));
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), (await GridList()).Select(row => row.Text("id")).Order(StringComparer.Ordinal));
        Assert.Equal((2, 2), await GridCounters());
    }

    [Fact]
    public async Task OnlyAnEarlierOpenCaseOfTheSameCategoryFamilyIsNamedAsTheOriginal()
    {
        using var crew = await Crew.In(node, DemoAreas.LoopStreet, gridIndex: 1);
        using var reporter = node.Client(Role.GridWorker, crew.Grid, user: FirstReporter);
        await using var intakeScreen = await LiveClient.Connect(node, Role.Intake, DemoAreas.District);

        var garbage = await Report(reporter, crew.Point.Longitude, crew.Point.Latitude);
        var fireHazard = await Report(reporter, crew.Point.Longitude, crew.Point.Latitude, subcategory: "AQ01");
        var closed = (await crew.Report()).Text("id");
        await Crew.Step(crew.Intake, closed, "reject", new { reason = "重复来电 repeated call" });
        var repeat = await Report(reporter, crew.Point.Longitude, crew.Point.Latitude);

        var snapshot = await intakeScreen.SubscribeIncident(repeat);
        if (snapshot.GetProperty("incidents")[0].GetProperty("version").GetInt32() < 2)
        {
            await intakeScreen.BatchWith(repeat, 2);
        }

        Assert.Equal([garbage], (await crew.Details(repeat)).GetProperty("incident").Strings("likelyDuplicateOf"));
        var candidates = await crew.Intake.GetAsync($"api/incidents/{repeat}/duplicates").Expect(HttpStatusCode.OK);
        Assert.Equal([garbage], candidates.GetProperty("candidates").EnumerateArray().Select(candidate => candidate.GetProperty("incident").Text("id")));
        Assert.Equal(0, candidates.GetProperty("candidates")[0].GetProperty("distanceMeters").GetDouble());

        var otherFamily = await crew.Intake.PostAsync($"api/incidents/{repeat}/merge", HttpExpectations.Json(new { intoIncidentId = fireHazard })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["intoIncidentId"], otherFamily.ErrorFields());
        var finished = await crew.Intake.PostAsync($"api/incidents/{repeat}/merge", HttpExpectations.Json(new { intoIncidentId = closed })).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["intoIncidentId"], finished.ErrorFields());
    }

    [Fact]
    public async Task RejectingAnOriginalReleasesTheReportsMergedIntoItBackToIntakeAndTellsTheirReporters()
    {
        using var crew = await Crew.In(node, DemoAreas.LoopStreet, gridIndex: 2);
        using var firstReporter = node.Client(Role.GridWorker, crew.Grid, user: FirstReporter);
        using var secondReporter = node.Client(Role.GridWorker, crew.Grid, user: SecondReporter);
        await using var secondReportersPhone = await LiveClient.Connect(node, Role.GridWorker, crew.Grid, user: SecondReporter);
        await secondReportersPhone.SubscribeReports();
        var original = await Report(firstReporter, crew.Point.Longitude, crew.Point.Latitude);
        var duplicate = await Report(secondReporter, crew.Point.Longitude, crew.Point.Latitude);
        await Crew.Step(crew.Intake, duplicate, "merge", new { intoIncidentId = original, reason = "同一处垃圾 same pile" });
        Assert.Equal([(duplicate, SecondReporter)], MergedReports((await crew.Details(original)).GetProperty("incident")));

        await Crew.Step(crew.Intake, original, "reject", new { reason = "现场无此问题 nothing there" });

        var released = await Signals.Until(
            () => crew.Details(duplicate),
            details => details.GetProperty("incident").GetProperty("mergedInto").ValueKind == JsonValueKind.Null,
            "the merged report to be released",
            details => details.GetProperty("incident").ToString(),
            TimeSpan.FromSeconds(20));
        var incident = released.GetProperty("incident");
        Assert.Equal("Reported", incident.Text("state"));
        var release = released.GetProperty("history").EnumerateArray().Last();
        Assert.Equal(("Unmerge", "system", "System"), (release.Text("command"), release.Text("actorUserId"), release.Text("actorRole")));
        Assert.Contains(original, release.Text("reason"));
        Assert.Contains(duplicate, (await GridList(crew)).Select(row => row.Text("id")));
        var version = incident.GetProperty("version").GetInt32();
        Assert.Contains(await secondReportersPhone.BatchWith(duplicate, version), delta => LiveClient.Is(delta, duplicate, version));

        var left = await Signals.Until(
            () => crew.Details(original),
            details => MergedReports(details.GetProperty("incident")).Count == 0,
            "the rejected original to detach the released report",
            details => details.GetProperty("incident").ToString(),
            TimeSpan.FromSeconds(20));
        Assert.Equal("Rejected", left.GetProperty("incident").Text("state"));
        var detach = left.GetProperty("history").EnumerateArray().Last();
        Assert.Equal(("Unmerge", "System"), (detach.Text("command"), detach.Text("actorRole")));
    }

    /// <summary>
    /// The original's database refuses its events (a trigger: the real store, really failing) while
    /// the merge is made. The duplicate's merge stands, and once the store takes writes again the
    /// original is told again by itself and attaches the reporter: no operator retries anything.
    /// </summary>
    [Fact]
    public async Task AMergeTheOriginalCouldNotTakeReachesItByItselfOnceItsStoreTakesWritesAgain()
    {
        using var crew = await Crew.In(node, DemoAreas.LoopStreet, gridIndex: 3);
        using var firstReporter = node.Client(Role.GridWorker, crew.Grid, user: FirstReporter);
        using var secondReporter = node.Client(Role.GridWorker, crew.Grid, user: SecondReporter);
        var original = await Report(firstReporter, crew.Point.Longitude, crew.Point.Latitude);
        var duplicate = await Report(secondReporter, crew.Point.Longitude, crew.Point.Latitude);
        var trigger = $"refuse_{original.Replace("-", "_", StringComparison.Ordinal)}";

        await Sql($"CREATE TRIGGER {trigger} BEFORE INSERT ON incident_events WHEN NEW.incident_id = '{original}' BEGIN SELECT RAISE(ABORT, 'test: the original refuses writes'); END;");
        try
        {
            var merged = await Crew.Step(crew.Intake, duplicate, "merge", new { intoIncidentId = original, reason = "同一处垃圾 same pile" });
            Assert.Equal(original, merged.GetProperty("incident").Text("mergedInto"));
            var unattached = (await crew.Details(original)).GetProperty("incident");
            Assert.Equal((1, 0), (unattached.GetProperty("version").GetInt32(), MergedReports(unattached).Count));
        }
        finally
        {
            await Sql($"DROP TRIGGER IF EXISTS {trigger};");
        }

        var attached = await Signals.Until(
            () => crew.Details(original),
            details => MergedReports(details.GetProperty("incident")).Count == 1,
            "the original to take the merge once its store takes writes",
            details => details.GetProperty("incident").ToString(),
            TimeSpan.FromSeconds(40));
        Assert.Equal([(duplicate, SecondReporter)], MergedReports(attached.GetProperty("incident")));
        var attach = attached.GetProperty("history").EnumerateArray().Last();
        Assert.Equal(("Merge", "Intake"), (attach.Text("command"), attach.Text("actorRole")));
        Assert.Equal([FirstReporter, SecondReporter], attached.GetProperty("incident").Strings("reporters"));
    }

    /// <summary>
    /// As above, but the node is killed before the duplicate could tell the original again, and
    /// nothing touches the duplicate after the restart: only the durable reminder the merge left
    /// behind can wake it to tell the original.
    /// </summary>
    [Fact]
    public async Task AMergeTheOriginalCouldNotTakeReachesItAfterTheNodeIsLostOnTheDurableReminder()
    {
        using var crew = await Crew.In(node, DemoAreas.LoopStreet, gridIndex: 4);
        using var firstReporter = node.Client(Role.GridWorker, crew.Grid, user: FirstReporter);
        using var secondReporter = node.Client(Role.GridWorker, crew.Grid, user: SecondReporter);
        var original = await Report(firstReporter, crew.Point.Longitude, crew.Point.Latitude);
        var duplicate = await Report(secondReporter, crew.Point.Longitude, crew.Point.Latitude);
        var trigger = $"refuse_{original.Replace("-", "_", StringComparison.Ordinal)}";

        await Sql($"CREATE TRIGGER {trigger} BEFORE INSERT ON incident_events WHEN NEW.incident_id = '{original}' BEGIN SELECT RAISE(ABORT, 'test: the original refuses writes'); END;");
        try
        {
            await Crew.Step(crew.Intake, duplicate, "merge", new { intoIncidentId = original, reason = "同一处垃圾 same pile" });
            Assert.Empty(MergedReports((await crew.Details(original)).GetProperty("incident")));
            await node.Kill();
        }
        finally
        {
            await Sql($"DROP TRIGGER IF EXISTS {trigger};");
        }

        await node.Restart();
        var attached = await Signals.Until(
            () => crew.Details(original),
            details => MergedReports(details.GetProperty("incident")).Count == 1,
            "the merge reminder to wake the duplicate after the restart and the original to take the merge",
            details => details.GetProperty("incident").ToString(),
            TimeSpan.FromMinutes(3));
        Assert.Equal([(duplicate, SecondReporter)], MergedReports(attached.GetProperty("incident")));
        Assert.Equal(original, (await crew.Details(duplicate)).GetProperty("incident").Text("mergedInto"));
    }

    private async Task Sql(string sql)
    {
        var path = new StorageOptions { DataDirectory = node.DataDirectory }.DatabasePath;
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False;Default Timeout=30");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<IReadOnlyList<JsonElement>> GridList(Crew crew) =>
        [.. (await crew.Leader.GetAsync($"api/areas/{crew.Grid}/incidents").Expect(HttpStatusCode.OK)).GetProperty("items").EnumerateArray()];

    private async Task<string> Report(HttpClient reporter, double longitude, double? latitude = null, string subcategory = "CG03")
    {
        var id = Crew.NewId();
        await reporter.PostAsJsonAsync("api/incidents", new
        {
            id,
            subcategory,
            description = "路边堆放生活垃圾 exposed garbage by the road",
            longitude,
            latitude = latitude ?? _crew.Point.Latitude,
            attachments = new[] { "photo/before.jpg" },
        }).Expect(HttpStatusCode.Created);
        return id;
    }

    /// <summary>The open cases of the test's grid (a street of its own on this node: nothing else is there).</summary>
    private async Task<IReadOnlyList<JsonElement>> GridList() =>
        [.. (await _crew.Leader.GetAsync($"api/areas/{_crew.Grid}/incidents").Expect(HttpStatusCode.OK)).GetProperty("items").EnumerateArray()];

    private static JsonElement OpenRow(IEnumerable<JsonElement> rows, string id) => rows.Single(row => row.Text("id") == id);

    /// <summary>The grid's open and total counts, kept by the grid itself, so exact at once (a street's roll-up lags by up to a second).</summary>
    private async Task<(int Open, int Total)> GridCounters()
    {
        var counters = await _crew.Leader.GetAsync($"api/areas/{_crew.Grid}/counters").Expect(HttpStatusCode.OK);
        return (counters.GetProperty("open").GetInt32(), counters.GetProperty("total").GetInt32());
    }

    private static List<(string Id, string Reporter)> MergedReports(JsonElement incident) =>
        [.. incident.GetProperty("mergedReports").EnumerateArray().Select(report => (report.Text("incidentId"), report.Text("reporterUserId")))];

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}
