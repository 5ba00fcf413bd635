using System.Net;
using System.Net.Http.Json;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Host.Tests.Access;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Calendar;

/// <summary>The work calendar over HTTP: everyone reads it, an administrator replaces it, bad data is refused by field.</summary>
[Collection(SharedNodeCollection.Name)]
public sealed class CalendarApiTests(SharedNode node) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Other tests on the shared node expect the standard calendar.</summary>
    public async Task DisposeAsync()
    {
        using var administrator = node.Client(Role.Administrator);
        await administrator.PutAsJsonAsync("api/calendar", MatrixWorld.StandardCalendar).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnAdministratorReplacesTheCalendarAndEveryoneReadsIt()
    {
        using var administrator = node.Client(Role.Administrator);
        using var worker = node.Client(Role.GridWorker, (await node.GridsOf(DemoAreas.PrivacyStreet))[0]);
        var standard = await worker.GetAsync("api/calendar").Expect(HttpStatusCode.OK);
        Assert.Equal(["08:30-12:00", "14:00-17:30"], standard.GetProperty("periods").EnumerateArray().Select(p => $"{p.Text("start")}-{p.Text("end")}"));
        Assert.Equal("Asia/Shanghai", standard.Text("timeZone"));

        await administrator.PutAsJsonAsync("api/calendar", new
        {
            periods = new[] { new { start = "09:00", end = "12:00" }, new { start = "13:30", end = "17:00" } },
            holidays = new[] { "2026-10-02", "2026-10-01" },
            swappedWorkingDays = new[] { "2026-10-10" },
        }).Expect(HttpStatusCode.OK);

        var replaced = await worker.GetAsync("api/calendar").Expect(HttpStatusCode.OK);
        Assert.Equal(["09:00-12:00", "13:30-17:00"], replaced.GetProperty("periods").EnumerateArray().Select(p => $"{p.Text("start")}-{p.Text("end")}"));
        Assert.Equal(["2026-10-01", "2026-10-02"], replaced.Strings("holidays"));
        Assert.Equal(["2026-10-10"], replaced.Strings("swappedWorkingDays"));
    }

    [Fact]
    public async Task ABrokenCalendarIsRefusedNamingEachFieldAndChangesNothing()
    {
        using var administrator = node.Client(Role.Administrator);
        var before = (await administrator.GetAsync("api/calendar").Expect(HttpStatusCode.OK)).GetRawText();

        var shapes = await administrator.PutAsJsonAsync("api/calendar", new
        {
            periods = new[] { new { start = "8:30", end = "12:00" } },
            holidays = new[] { "2026-13-01" },
            swappedWorkingDays = new[] { "tomorrow" },
        }).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["holidays[0]", "periods[0]", "swappedWorkingDays[0]"], shapes.ErrorFields().Order(StringComparer.Ordinal));

        var rules = await administrator.PutAsJsonAsync("api/calendar", new
        {
            periods = new[] { new { start = "08:30", end = "12:00" }, new { start = "11:00", end = "17:00" } },
            holidays = new[] { "2026-10-10" },
            swappedWorkingDays = new[] { "2026-10-10" },
            timeZone = "Mars/Olympus",
        }).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(["periods[1]", "swappedWorkingDays", "timeZone"], rules.ErrorFields().Order(StringComparer.Ordinal));

        await administrator.PutAsJsonAsync("api/calendar", new { holidays = Array.Empty<string>() }).Expect(HttpStatusCode.BadRequest);
        Assert.Equal(before, (await administrator.GetAsync("api/calendar").Expect(HttpStatusCode.OK)).GetRawText());
    }

    [Fact]
    public async Task OnlyAdministratorsReplaceTheCalendar()
    {
        using var leader = node.Client(Role.Leader);

        var refused = await leader.PutAsJsonAsync("api/calendar", MatrixWorld.StandardCalendar).Expect(HttpStatusCode.Forbidden);

        Assert.Equal("The role Leader may not maintain the work calendar (allowed: Administrator).", refused.Text("detail"));
    }
}
