using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Privacy;

/// <summary>
/// Personal information (domain.md §7) over the real API and hub: every reader gets the case
/// without its people and, when it is sensitive, without its exact place; the people and the
/// place come only through their own door, to the roles that act on the case, and each such
/// read is recorded where supervisors see it.
/// </summary>
[Collection(SharedNodeCollection.Name)]
public sealed class RestrictedFieldsTests(SharedNode node) : IAsyncLifetime
{
    /// <summary>Distinctive values: the test run's log scan looks for them and must never find them.</summary>
    private const string ReporterName = PersonalDataMarkers.CallerName;
    private const string ReporterPhone = PersonalDataMarkers.CallerPhone;
    private const string SubjectName = PersonalDataMarkers.SubjectName;
    private const string SubjectIdNumber = PersonalDataMarkers.SubjectIdNumber;
    private const string Address = PersonalDataMarkers.Address;

    private Crew _crew = null!;

    public async Task InitializeAsync() => _crew = await Crew.In(node, DemoAreas.PrivacyStreet);

    public Task DisposeAsync()
    {
        _crew.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ASpecialPopulationCaseIsReadByEveryoneWithoutItsPeopleAndWithItsPlaceBlurred()
    {
        await using var wall = await LiveClient.Connect(node, Role.Leader, DemoAreas.District);
        await wall.SubscribeArea(DemoAreas.PrivacyStreet);

        var created = await _crew.Intake.PostAsJsonAsync("api/incidents", SpecialPopulationReport(Crew.NewId())).Expect(HttpStatusCode.Created);
        var id = created.GetProperty("incident").Text("id");

        AssertRedacted(created.GetProperty("incident").GetProperty("report"), blurred: true);
        var details = await _crew.Leader.GetAsync($"api/incidents/{id}").Expect(HttpStatusCode.OK);
        AssertRedacted(details.GetProperty("incident").GetProperty("report"), blurred: true);
        AssertRedacted(details.GetProperty("history")[0].GetProperty("facts"), blurred: true);
        var history = await _crew.Leader.GetAsync($"api/incidents/{id}/history").Expect(HttpStatusCode.OK);
        AssertRedacted(history[0].GetProperty("facts"), blurred: true);

        var listed = (await _crew.Leader.GetAsync($"api/areas/{_crew.Grid}/incidents").Expect(HttpStatusCode.OK))
            .GetProperty("items").EnumerateArray().Single(item => item.Text("id") == id);
        AssertBlurred(listed);
        var pushed = (await wall.BatchWith(id, 1)).Single(delta => LiveClient.Is(delta, id, 1)).GetProperty("summary");
        AssertBlurred(pushed);
        Assert.DoesNotContain(SubjectName, pushed.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThoseWhoActOnTheCaseReadItsRestrictedFieldsAndEachReadIsRecordedForSupervisors()
    {
        var id = (await _crew.Intake.PostAsJsonAsync("api/incidents", SpecialPopulationReport(Crew.NewId())).Expect(HttpStatusCode.Created))
            .GetProperty("incident").Text("id");

        var revealed = await _crew.Dispatcher.GetAsync($"api/incidents/{id}/restricted").Expect(HttpStatusCode.OK);
        var restricted = revealed.GetProperty("restricted");
        Assert.Equal((ReporterName, ReporterPhone), (restricted.GetProperty("reporter").Text("name"), restricted.GetProperty("reporter").Text("phone")));
        Assert.Equal((SubjectName, SubjectIdNumber), (restricted.GetProperty("subject").Text("name"), restricted.GetProperty("subject").Text("idNumber")));
        Assert.Equal((_crew.Point.Longitude, _crew.Point.Latitude), (restricted.GetProperty("longitude").GetDouble(), restricted.GetProperty("latitude").GetDouble()));
        Assert.Equal(Address, restricted.Text("address"));
        Assert.True(restricted.GetProperty("sensitive").GetBoolean());
        await _crew.GridWorker.GetAsync($"api/incidents/{id}/restricted").Expect(HttpStatusCode.OK);

        var refused = await _crew.Leader.GetAsync($"api/incidents/{id}/restricted").Expect(HttpStatusCode.Forbidden);
        Assert.Equal("The role Leader may not read restricted personal information (allowed: Grid worker, Intake, Shift leader, Dispatcher, Unit handler).", refused.Text("detail"));
        await _crew.Unit("police").GetAsync($"api/incidents/{id}/restricted").Expect(HttpStatusCode.Forbidden);
        using var intakeElsewhere = node.Client(Role.Intake, DemoAreas.AuditStreet);
        await intakeElsewhere.GetAsync($"api/incidents/{id}/restricted").Expect(HttpStatusCode.Forbidden);

        var reads = await _crew.Leader.GetAsync($"api/incidents/{id}/restricted-reads").Expect(HttpStatusCode.OK);
        Assert.Equal(
            [(ActorHeaders.DefaultUser(Role.Dispatcher), "Dispatcher"), (ActorHeaders.DefaultUser(Role.GridWorker), "GridWorker")],
            reads.EnumerateArray().Select(read => (read.Text("userId"), read.Text("role"))).ToList());
        Assert.Equal(revealed.GetProperty("recordedAt").GetDateTimeOffset(), reads[0].GetProperty("at").GetDateTimeOffset());
        await _crew.Intake.GetAsync($"api/incidents/{id}/restricted-reads").Expect(HttpStatusCode.Forbidden);

        var packet = await _crew.Leader.GetAsync($"api/incidents/{id}/accountability").Expect(HttpStatusCode.OK);
        Assert.Equal(2, packet.GetProperty("restrictedReads").GetArrayLength());
        AssertRedacted(packet.GetProperty("incident").GetProperty("report"), blurred: true);
        AssertRedacted(packet.GetProperty("history")[0].GetProperty("event").GetProperty("facts"), blurred: true);
        Assert.True(packet.GetProperty("verification").GetProperty("verified").GetBoolean());
        var page = await (await _crew.Leader.GetAsync($"api/incidents/{id}/accountability?format=html")).Content.ReadAsStringAsync();
        Assert.Contains("Reads of personal information", page, StringComparison.Ordinal);
        Assert.DoesNotContain(SubjectName, page, StringComparison.Ordinal);
        Assert.DoesNotContain(SubjectIdNumber, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOrdinaryCaseKeepsItsPlaceButNeverShowsItsPeople()
    {
        var body = SpecialPopulationReport(Crew.NewId(), subcategory: "CG03");
        var incident = (await _crew.Intake.PostAsJsonAsync("api/incidents", body).Expect(HttpStatusCode.Created)).GetProperty("incident");

        var report = (await _crew.Leader.GetAsync($"api/incidents/{incident.Text("id")}").Expect(HttpStatusCode.OK)).GetProperty("incident").GetProperty("report");

        AssertRedacted(report, blurred: false);
        Assert.False(report.GetProperty("sensitive").GetBoolean());
        Assert.Equal(Address, report.Text("address"));
    }

    [Fact]
    public async Task ARetriedReportWithOtherPeopleIsAConflictAndTheSameOneIsReplayed()
    {
        var id = Crew.NewId();
        await _crew.Intake.PostAsJsonAsync("api/incidents", SpecialPopulationReport(id)).Expect(HttpStatusCode.Created);

        await _crew.Intake.PostAsJsonAsync("api/incidents", SpecialPopulationReport(id)).Expect(HttpStatusCode.OK);
        await _crew.Intake.PostAsJsonAsync("api/incidents", SpecialPopulationReport(id, subjectName: "另一人")).Expect(HttpStatusCode.Conflict);
    }

    private object SpecialPopulationReport(string id, string subcategory = "TS01", string subjectName = SubjectName) => new
    {
        id,
        subcategory,
        description = "来电反映社区矫正对象未按时报到",
        longitude = _crew.Point.Longitude,
        latitude = _crew.Point.Latitude,
        address = Address,
        source = "Hotline",
        reporter = new { name = ReporterName, phone = ReporterPhone },
        subject = new { name = subjectName, idNumber = SubjectIdNumber, details = "每月报到" },
    };

    private void AssertRedacted(JsonElement facts, bool blurred)
    {
        Assert.Equal(JsonValueKind.Null, facts.GetProperty("personal").ValueKind);
        Assert.DoesNotContain(SubjectName, facts.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(ReporterName, facts.GetRawText(), StringComparison.Ordinal);
        if (blurred)
        {
            AssertBlurred(facts);
            Assert.Equal(JsonValueKind.Null, facts.GetProperty("address").ValueKind);
        }
        else
        {
            Assert.Equal((_crew.Point.Longitude, _crew.Point.Latitude), (facts.GetProperty("longitude").GetDouble(), facts.GetProperty("latitude").GetDouble()));
        }
    }

    /// <summary>Two decimals of a degree, and not the exact point.</summary>
    private void AssertBlurred(JsonElement located)
    {
        var (longitude, latitude) = (located.GetProperty("longitude").GetDouble(), located.GetProperty("latitude").GetDouble());
        Assert.Equal(Math.Round(_crew.Point.Longitude, 2, MidpointRounding.AwayFromZero), longitude);
        Assert.Equal(Math.Round(_crew.Point.Latitude, 2, MidpointRounding.AwayFromZero), latitude);
        Assert.NotEqual(_crew.Point.Longitude.ToString(CultureInfo.InvariantCulture), longitude.ToString(CultureInfo.InvariantCulture));
    }
}
