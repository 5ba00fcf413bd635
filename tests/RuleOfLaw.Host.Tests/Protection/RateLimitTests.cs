using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Protection;

/// <summary>
/// Per-user limits over HTTP: past a limit a caller gets 429 with Retry-After and a problem naming
/// the limit; others, and the caller's reads, go on as before.
/// </summary>
[Collection(NodeWithTightLimitsCollection.Name)]
public sealed class RateLimitTests(NodeWithTightLimits node)
{
    [Fact]
    public async Task AGridWorkerPastTheReportLimitIsAnswered429WithRetryAfterAndAProblemNamingTheLimit()
    {
        using var crew = await Crew.In(node, DemoAreas.LoopStreet);
        using var worker = node.Client(Role.GridWorker, crew.Grid, user: NewUser("gw"));
        for (var i = 0; i < 3; i++)
        {
            await worker.PostAsJsonAsync("api/incidents", crew.PatrolReport(Crew.NewId())).Expect(HttpStatusCode.Created);
        }

        using var refused = await worker.PostAsJsonAsync("api/incidents", crew.PatrolReport(Crew.NewId()));
        var problem = await refused.Expect(HttpStatusCode.TooManyRequests);

        Assert.Equal(TimeSpan.FromSeconds(NodeWithTightLimits.RetryAfterSeconds), refused.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Too many requests.", problem.Text("title"));
        Assert.Equal(
            "Too many reports: each user (each client address when not signed in) may send 3 at once, then 1 every 600 s. Retry in 600 s.",
            problem.Text("detail"));
        Assert.Equal("Reports", problem.Text("limit"));
        Assert.Equal(NodeWithTightLimits.RetryAfterSeconds, problem.GetProperty("retryAfterSeconds").GetInt32());
    }

    [Fact]
    public async Task TheRefusalIsInChineseUnlessTheClientAsksForEnglish()
    {
        using var worker = node.Client(Role.GridWorker, user: NewUser("gw"), language: null);
        for (var i = 0; i < 3; i++)
        {
            await worker.PostAsync("api/incidents", HttpExpectations.Raw("{}")).Expect(HttpStatusCode.BadRequest);
        }

        var problem = await worker.PostAsync("api/incidents", HttpExpectations.Raw("{}")).Expect(HttpStatusCode.TooManyRequests);

        Assert.Equal("请求过于频繁。", problem.Text("title"));
        Assert.Equal("上报过于频繁：每位用户（未登录时按客户端地址）最多连续 3 次，此后每 600 秒 1 次。请于 600 秒后再试。", problem.Text("detail"));
    }

    [Fact]
    public async Task StepsCountAgainstTheTransitionLimitWhateverTheirOutcome()
    {
        using var intake = node.Client(Role.Intake, user: NewUser("intake"));
        for (var i = 0; i < 3; i++)
        {
            await intake.PostAsync($"api/incidents/{Crew.NewId()}/forward", null).Expect(HttpStatusCode.NotFound);
        }

        var problem = await intake.PostAsync($"api/incidents/{Crew.NewId()}/register", null).Expect(HttpStatusCode.TooManyRequests);

        Assert.Equal("Transitions", problem.Text("limit"));
        Assert.StartsWith("Too many case steps:", problem.Text("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherWritesHaveALimitOfTheirOwn()
    {
        using var worker = node.Client(Role.GridWorker, user: NewUser("gw"));
        var position = new { longitude = 105.84, latitude = 32.43 };
        for (var i = 0; i < 3; i++)
        {
            await worker.PostAsJsonAsync("api/positions", position).Expect(HttpStatusCode.NoContent);
        }

        var problem = await worker.PostAsJsonAsync("api/positions", position).Expect(HttpStatusCode.TooManyRequests);

        Assert.Equal("Writes", problem.Text("limit"));
        await worker.PostAsync("api/incidents", HttpExpectations.Raw("{}")).Expect(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ALimitHoldsPerUserAndLeavesReadsAlone()
    {
        using var runaway = node.Client(Role.Intake, user: NewUser("intake"));
        using var colleague = node.Client(Role.Intake, user: NewUser("intake"));
        for (var i = 0; i < 4; i++)
        {
            using var _ = await runaway.PostAsync($"api/incidents/{Crew.NewId()}/forward", null);
        }

        await runaway.PostAsync($"api/incidents/{Crew.NewId()}/forward", null).Expect(HttpStatusCode.TooManyRequests);
        await colleague.PostAsync($"api/incidents/{Crew.NewId()}/forward", null).Expect(HttpStatusCode.NotFound);
        for (var i = 0; i < 10; i++)
        {
            await runaway.GetAsync("api/catalogue").Expect(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task AnonymousCallersAreLimitedByTheirAddressBeforeTheyAreRefused401()
    {
        using var anonymous = node.Anonymous();
        HttpStatusCode last;
        var statuses = new List<HttpStatusCode>();
        do
        {
            using var response = await anonymous.PostAsync("api/incidents", HttpExpectations.Raw("{}"));
            statuses.Add(last = response.StatusCode);
        }
        while (last == HttpStatusCode.Unauthorized && statuses.Count <= 3);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task OpeningTheLiveHubIsNotAWrite()
    {
        var user = NewUser("leader");
        for (var i = 0; i < 5; i++)
        {
            await using var dashboard = await ProtectionHub.Connect(node, Role.Leader, DemoAreas.District, user);
        }

        using var leader = node.Client(Role.Leader, user: user);
        await leader.PostAsJsonAsync("api/positions", new { longitude = 105.84, latitude = 32.43 }).Expect(HttpStatusCode.Forbidden);
    }

    private static string NewUser(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
