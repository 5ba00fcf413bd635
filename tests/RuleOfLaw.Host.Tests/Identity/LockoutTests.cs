using System.Net;
using System.Net.Http.Json;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Identity;

/// <summary>Password guessing: five failures lock a login for fifteen minutes, whether or not it exists.</summary>
[Collection(IdentityNodeCollection.Name)]
public sealed class LockoutTests(IdentityNode node)
{
    [Fact]
    public async Task FiveFailedSignInsLockTheLoginAndEvenTheRightPasswordIsThen429WithRetryAfter()
    {
        var (login, password) = await Accounts.Create(node, "Leader", DemoAreas.District, prefix: "locked");
        using var client = node.Anonymous();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await client.PostAsJsonAsync("api/tokens", new { login, password = $"wrong password {attempt}" }).Expect(HttpStatusCode.Unauthorized);
        }

        using var response = await client.PostAsJsonAsync("api/session", new { login, password });
        var problem = await response.Expect(HttpStatusCode.TooManyRequests);

        var retryAfter = response.Headers.RetryAfter?.Delta ?? TimeSpan.Zero;
        Assert.InRange(retryAfter, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        Assert.StartsWith("Too many failed sign-ins: try again in", problem.Text("detail"), StringComparison.Ordinal);
        Assert.DoesNotContain(login, problem.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AnUnknownLoginIsThrottledTheSameWayWithTheSameAnswers()
    {
        var known = (await Accounts.Create(node, "Leader", DemoAreas.District, prefix: "known")).Login;
        var unknown = Accounts.NewLogin("ghost");
        using var client = node.Anonymous();

        var answers = new List<(HttpStatusCode Status, string Detail, string? RetryAfter)>();
        foreach (var login in new[] { known, unknown })
        {
            for (var attempt = 1; attempt <= 6; attempt++)
            {
                using var response = await client.PostAsJsonAsync("api/tokens", new { login, password = "a guess that is wrong" });
                var body = HttpExpectations.Parse(await response.Content.ReadAsStringAsync());
                answers.Add((response.StatusCode, body.Text("detail"), response.Headers.RetryAfter is null ? null : "present"));
            }
        }

        var (forKnown, forUnknown) = (answers.Take(6).ToList(), answers.Skip(6).ToList());
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 5).Append(HttpStatusCode.TooManyRequests), forKnown.Select(answer => answer.Status));
        Assert.Equal(forKnown.Select(answer => answer.Status), forUnknown.Select(answer => answer.Status));
        Assert.Equal(forKnown.Take(5).Select(answer => answer.Detail), forUnknown.Take(5).Select(answer => answer.Detail));
        Assert.Equal("present", forUnknown[5].RetryAfter);
    }
}

/// <summary>One address guessing many logins is stopped as surely as many guesses at one login.</summary>
[Collection(ClientThrottleNodeCollection.Name)]
public sealed class ClientThrottleTests(ClientThrottleNode node)
{
    [Fact]
    public async Task FailuresFromOneAddressOverManyLoginsLockThatAddressForEveryLogin()
    {
        using var client = node.Anonymous();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await client.PostAsJsonAsync("api/tokens", new { login = Accounts.NewLogin($"guess{attempt}"), password = "a guess that is wrong" }).Expect(HttpStatusCode.Unauthorized);
        }

        using var response = await client.PostAsJsonAsync("api/tokens", new { login = "leader", password = SeededAccounts.PasswordOf(node, "leader") });

        await response.Expect(HttpStatusCode.TooManyRequests);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
    }
}
