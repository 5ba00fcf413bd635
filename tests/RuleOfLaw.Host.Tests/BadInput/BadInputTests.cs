using System.Net;
using System.Net.Http.Json;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.BadInput;

/// <summary>
/// Bad input for every endpoint gets a 4xx ProblemDetails with the exact status and the field at
/// fault, never a 5xx, and a refused request leaves the case exactly as it was.
/// </summary>
[Collection(SharedNodeCollection.Name)]
public sealed class BadInputTests(SharedNode node) : IAsyncLifetime
{
    private Crew _crew = null!;
    private string _otherGrid = null!;

    public async Task InitializeAsync()
    {
        _crew = await Crew.In(node, DemoAreas.BadInputStreet);
        _otherGrid = (await node.GridsOf(DemoAreas.RefusalStreet))[0];
    }

    public Task DisposeAsync()
    {
        _crew.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [MemberData(nameof(BadInputCases.Names), MemberType = typeof(BadInputCases))]
    public async Task BadInputIsRefusedWithItsExactStatusAndFieldAndChangesNothing(string name)
    {
        var item = BadInputCases.Named(name);

        var outcome = await Send(item);

        Assert.True((int)outcome.Status < 500, $"{item.Name}: answered {(int)outcome.Status}. Body: {outcome.Body}\n{node.Tail(30)}");
        Assert.True(outcome.Status == item.Status, $"{item.Name}: expected {(int)item.Status}, answered {(int)outcome.Status}. Body: {outcome.Body}");
        Assert.True(outcome.ContentType == "application/problem+json", $"{item.Name}: content type {outcome.ContentType}. Body: {outcome.Body}");
        var problem = HttpExpectations.Parse(outcome.Body);
        Assert.Equal((int)item.Status, problem.GetProperty("status").GetInt32());
        if (item.Field is not null)
        {
            Assert.Contains(item.Field, problem.ErrorFields());
        }

        Assert.True(outcome.Before == outcome.After, $"{item.Name}: the case changed.\nBefore: {outcome.Before}\nAfter: {outcome.After}");
    }

    [Fact]
    public async Task NoBadInputAnywhereIsAnsweredWithAServerError()
    {
        var serverErrors = new List<string>();
        foreach (var item in BadInputCases.All)
        {
            var outcome = await Send(item);
            if ((int)outcome.Status >= 500)
            {
                serverErrors.Add($"{item.Name}: {(int)outcome.Status} {outcome.Body}");
            }
        }

        Assert.True(serverErrors.Count == 0, string.Join('\n', serverErrors) + "\n" + node.Tail(30));
    }

    [Fact]
    public async Task ARefusedStepLeavesTheVersionWhereItWas()
    {
        var id = (await _crew.InProgress()).Text("id");
        var unit = _crew.Unit(BadInputCases.LeadUnit);

        await unit.PostAsync($"api/incidents/{id}/handle", HttpExpectations.Raw("""{"reason":"no photo"}""")).Expect(HttpStatusCode.BadRequest);
        await unit.PostAsync($"api/incidents/{id}/request-extension", HttpExpectations.Raw("""{"extension":{"value":0,"unit":"WorkingDays"},"reason":"x"}""")).Expect(HttpStatusCode.BadRequest);
        await _crew.Dispatcher.PostAsync($"api/incidents/{id}/dispatch", null).Expect(HttpStatusCode.Conflict);

        var details = await _crew.Details(id);
        Assert.Equal(5, details.GetProperty("incident").GetProperty("version").GetInt32());
        Assert.Equal("InProgress", details.GetProperty("incident").Text("state"));
        Assert.Equal(5, details.GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task ValuesExactlyAtTheirLimitsAreAccepted()
    {
        var id = Crew.NewId();
        var report = new
        {
            id,
            subcategory = "CG03",
            description = new string('述', 2000),
            address = new string('址', 200),
            longitude = _crew.Point.Longitude,
            latitude = _crew.Point.Latitude,
            attachments = Enumerable.Range(1, 10).Select(n => $"photo/{n}/".PadRight(300, 'x')).ToArray(),
        };

        await _crew.GridWorker.PostAsJsonAsync("api/incidents", report).Expect(HttpStatusCode.Created);
        await Crew.Step(_crew.Intake, id, "forward", new { reason = new string('由', 1000) });
        var inProgress = (await _crew.InProgress()).Text("id");
        var extended = await Crew.Step(_crew.Unit(BadInputCases.LeadUnit), inProgress, "request-extension", new
        {
            extension = new { value = 1000, unit = "NaturalDays" },
            reason = "需要很长时间",
        });
        var page = await _crew.Leader.GetAsync($"api/areas/{_crew.Grid}/incidents?pageSize=200").Expect(HttpStatusCode.OK);

        Assert.Equal(1000, extended.GetProperty("incident").GetProperty("pending").GetProperty("extension").GetProperty("value").GetInt32());
        Assert.Equal(200, page.GetProperty("pageSize").GetInt32());
    }

    private async Task<Outcome> Send(BadInputCase item)
    {
        var id = item.Stage == Stage.None ? Crew.NewId() : await Prepare(item.Stage);
        var context = new CaseContext(id, _crew.Point, _otherGrid);
        var before = await Snapshot(id);

        var body = item.Body(context);
        using var request = new HttpRequestMessage(item.Method, item.Path(context))
        {
            Content = body is null ? null : new StringContent(body, System.Text.Encoding.UTF8, item.ContentType),
        };
        using var response = await ClientFor(item.Role).SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        return new Outcome(response.StatusCode, response.Content.Headers.ContentType?.MediaType, text, before, await Snapshot(id));
    }

    /// <summary>The case as the API shows it (record and history), or "absent".</summary>
    private async Task<string> Snapshot(string id)
    {
        using var response = await _crew.Leader.GetAsync($"api/incidents/{id}");
        return response.StatusCode == HttpStatusCode.NotFound ? "absent" : (await response.Expect(HttpStatusCode.OK)).GetRawText();
    }

    private async Task<string> Prepare(Stage stage)
    {
        switch (stage)
        {
            case Stage.Reported:
                return (await _crew.Report()).Text("id");
            case Stage.Verifying:
                var hotline = Crew.NewId();
                await _crew.Intake.PostAsJsonAsync("api/incidents", new
                {
                    id = hotline,
                    subcategory = "CG03",
                    description = "市民来电反映垃圾",
                    longitude = _crew.Point.Longitude,
                    latitude = _crew.Point.Latitude,
                    source = "Hotline",
                }).Expect(HttpStatusCode.Created);
                await Crew.Step(_crew.Intake, hotline, "request-verification");
                return hotline;
            case Stage.Registered:
                var registered = (await _crew.Report()).Text("id");
                await Crew.Step(_crew.Intake, registered, "forward");
                await Crew.Step(_crew.ShiftLeader, registered, "register");
                return registered;
            case Stage.Dispatched:
                return (await _crew.Dispatched()).Text("id");
            case Stage.InProgress:
                return (await _crew.InProgress()).Text("id");
            case Stage.Checking:
                var checking = (await _crew.InProgress()).Text("id");
                await Crew.Step(_crew.Unit(BadInputCases.LeadUnit), checking, "handle", new { attachments = new[] { "photo/after.jpg" } });
                await Crew.Step(_crew.Intake, checking, "send-check");
                return checking;
            case Stage.SelfHandled:
                var selfHandled = (await _crew.Report()).Text("id");
                await Crew.Step(_crew.GridWorker, selfHandled, "self-handle");
                return selfHandled;
            default:
                throw new ArgumentOutOfRangeException(nameof(stage), stage, null);
        }
    }

    private HttpClient ClientFor(Role role) => role switch
    {
        Role.GridWorker => _crew.GridWorker,
        Role.Intake => _crew.Intake,
        Role.ShiftLeader => _crew.ShiftLeader,
        Role.Dispatcher => _crew.Dispatcher,
        Role.UnitHandler => _crew.Unit(BadInputCases.LeadUnit),
        _ => _crew.Leader,
    };

    private sealed record Outcome(HttpStatusCode Status, string? ContentType, string Body, string Before, string After);
}
