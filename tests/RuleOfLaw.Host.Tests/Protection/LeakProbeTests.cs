using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Host.Tests.Infrastructure;
using RuleOfLaw.Tests.Shared;

namespace RuleOfLaw.Host.Tests.Protection;

/// <summary>
/// Sends what must never be logged through a node that logs everything it may (<see cref="VerboseNode"/>):
/// tokens in headers, query strings and the hub's WebSocket URL, cookies, a password, and citizen
/// personal data in reports (restricted fields and free text), steps, the restricted-fields door,
/// bad input, oversized bodies and hub refusals. The verdict is
/// the scan of the whole run's logs (<see cref="FullRunLogScanTests"/>), which runs after the node
/// has stopped and every line it wrote is in its file.
/// </summary>
[Collection(VerboseNodeCollection.Name)]
public sealed class LeakProbeTests(VerboseNode node)
{
    [Fact]
    public async Task TokensCookiesAndPasswordsSentToTheNodeAreSentThroughEveryDoor()
    {
        var token = FakeJwt();
        var cookie = $"CfDJ8{Guid.NewGuid():N}{Guid.NewGuid():N}";
        var password = $"Pw-{Guid.NewGuid():N}";
        SecretsLedger.Record(token);
        SecretsLedger.Record(cookie);
        SecretsLedger.Record(password);
        var user = $"leader-{Guid.NewGuid():N}";

        using var leader = node.Client(Role.Leader, user: user);
        leader.DefaultRequestHeaders.Add("Cookie", $".AspNetCore.Cookies={cookie}; .AspNetCore.Antiforgery.probe={cookie}; rol.session={cookie}");
        await leader.GetAsync($"api/catalogue?access_token={token}").Expect(HttpStatusCode.OK);
        using var intake = node.Client(Role.Intake, user: $"intake-{Guid.NewGuid():N}");
        intake.DefaultRequestHeaders.Add("Cookie", $".AspNetCore.Cookies={cookie}");
        await intake.PostAsync("api/incidents", HttpExpectations.Json(new { password, token })).Expect(HttpStatusCode.BadRequest);

        using var stranger = node.Anonymous();
        stranger.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await stranger.GetAsync($"api/catalogue?access_token={token}").Expect(HttpStatusCode.Unauthorized);
        await stranger.GetAsync($"no/such/file.txt?access_token={token}&password={password}").Expect(HttpStatusCode.NotFound);

        // The browser app's page answers any path that is not the server's own, query string and all.
        using (var page = await stranger.GetAsync($"console?access_token={token}&password={password}"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        // A browser cannot set headers on a WebSocket: its SignalR client puts the token in the query string.
        await stranger.PostAsync($"hubs/live/negotiate?negotiateVersion=1&access_token={token}", null).Expect(HttpStatusCode.Unauthorized);

        // A token the node did not issue is refused at the hub's door too.
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => ProtectionHub.Connect(node, Role.Leader, DemoAreas.District, user, accessToken: token));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        await using var dashboard = await ProtectionHub.Connect(node, Role.Leader, DemoAreas.District, user);
        var snapshot = await dashboard.InvokeAsync<JsonElement>("SubscribeArea", DemoAreas.District).Within("SubscribeArea to answer");
        Assert.Equal($"area:{DemoAreas.District}", snapshot.Text("topic"));
    }

    [Fact]
    public async Task CitizenPersonalDataGoesThroughReportsStepsRefusalsAndTheHub()
    {
        using var crew = await Crew.In(node, DemoAreas.LoopStreet);
        var id = Crew.NewId();
        var report = new
        {
            id,
            subcategory = "TS01",
            description = PersonalDataMarkers.Description(),
            address = PersonalDataMarkers.Address,
            longitude = crew.Point.Longitude,
            latitude = crew.Point.Latitude,
            source = "Hotline",
            reporter = new { name = PersonalDataMarkers.CallerName, phone = PersonalDataMarkers.CallerPhone },
            subject = new { name = PersonalDataMarkers.SubjectName, idNumber = PersonalDataMarkers.SubjectIdNumber, details = "每月报到" },
        };

        await crew.Intake.PostAsJsonAsync("api/incidents", report).Expect(HttpStatusCode.Created);
        await Crew.Step(crew.Intake, id, "forward", new { reason = $"已电话联系{PersonalDataMarkers.CallerName}（{PersonalDataMarkers.CallerPhone}）核实" });
        await crew.Intake.GetAsync($"api/incidents/{id}/restricted").Expect(HttpStatusCode.OK);
        await crew.Intake.PostAsJsonAsync("api/incidents", report with { description = PersonalDataMarkers.Description("另一件事") })
            .Expect(HttpStatusCode.Conflict);
        await crew.Intake.PostAsJsonAsync("api/incidents", report with { id = Crew.NewId(), subject = new { name = PersonalDataMarkers.SubjectName, idNumber = PersonalDataMarkers.SubjectIdNumber[..17] + "0", details = "每月报到" } })
            .Expect(HttpStatusCode.BadRequest);
        await crew.GridWorker.PostAsync(
                "api/incidents",
                HttpExpectations.Raw($$"""{"id":"{{Crew.NewId()}}","description":"{{PersonalDataMarkers.Description()}}","longitude":"{{PersonalDataMarkers.CallerPhone}}"}"""))
            .Expect(HttpStatusCode.BadRequest);
        await crew.GridWorker.PostAsync(
                "api/incidents",
                HttpExpectations.Raw($$"""{"description":"{{string.Concat(Enumerable.Repeat(PersonalDataMarkers.Description(), 1000))}}"}"""))
            .Expect(HttpStatusCode.RequestEntityTooLarge);

        await using var phone = await ProtectionHub.Connect(node, Role.GridWorker, crew.Grid, $"gw-{Guid.NewGuid():N}");
        var refused = await Assert.ThrowsAsync<HubException>(() => phone.InvokeAsync("SubscribeArea", PersonalDataMarkers.CallerPhone).Within("SubscribeArea to be refused"));
        Assert.Contains(PersonalDataMarkers.CallerPhone, refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HubException>(() => phone.InvokeAsync("SubscribeIncident", PersonalDataMarkers.SubjectIdNumber).Within("SubscribeIncident to be refused"));
    }

    /// <summary>Shaped like a signed JWT (header, claims, signature), unique to this run.</summary>
    private static string FakeJwt()
    {
        static string Part(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var signature = Convert.ToBase64String(Guid.NewGuid().ToByteArray().Concat(Guid.NewGuid().ToByteArray()).ToArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return $"{Part("""{"alg":"HS256","typ":"JWT"}""")}.{Part($$"""{"sub":"leak-probe","jti":"{{Guid.NewGuid():N}}"}""")}.{signature}";
    }
}
