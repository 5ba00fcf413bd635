using System.Diagnostics;
using System.Net;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Diagnostics;

/// <summary>An administrator arms a durable one-shot reminder and reads where and when it fired.</summary>
[Collection(SharedNodeCollection.Name)]
public sealed class ReminderProbeTests(SharedNode node)
{
    [Fact]
    public async Task AnArmedProbeFiresOnceOnTheNodeAndSaysWhere()
    {
        using var administrator = node.Client(Role.Administrator);
        var name = $"probe-{Guid.NewGuid():N}";

        var armed = await administrator.PostAsync($"api/diagnostics/reminder-probes/{name}", HttpExpectations.Json(new { dueInSeconds = 2 }))
            .Expect(HttpStatusCode.OK);
        var silo = (await administrator.GetAsync("api/diagnostics/runtime").Expect(HttpStatusCode.OK)).GetProperty("silo").GetString();

        var watch = Stopwatch.StartNew();
        var status = armed;
        while (status.GetProperty("firedOn").ValueKind == System.Text.Json.JsonValueKind.Null && watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(250);
            status = await administrator.GetAsync($"api/diagnostics/reminder-probes/{name}").Expect(HttpStatusCode.OK);
        }

        Assert.Equal(silo, armed.GetProperty("armedOn").GetString());
        Assert.Equal(silo, status.GetProperty("firedOn").GetString());
        Assert.True(
            status.GetProperty("firedAt").GetDateTimeOffset() >= armed.GetProperty("dueAt").GetDateTimeOffset().AddMilliseconds(-50),
            "fired before it was due");
    }

    [Fact]
    public async Task ProbesAreForAdministratorsAndTheirDelayIsChecked()
    {
        using var leader = node.Client(Role.Leader);
        await leader.PostAsync("api/diagnostics/reminder-probes/p", HttpExpectations.Json(new { dueInSeconds = 5 })).Expect(HttpStatusCode.Forbidden);

        using var administrator = node.Client(Role.Administrator);
        var problem = await administrator.PostAsync("api/diagnostics/reminder-probes/p", HttpExpectations.Json(new { dueInSeconds = 0 }))
            .Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["dueInSeconds"], problem.ErrorFields());

        await administrator.GetAsync($"api/diagnostics/reminder-probes/never-{Guid.NewGuid():N}").Expect(HttpStatusCode.NotFound);
    }
}
