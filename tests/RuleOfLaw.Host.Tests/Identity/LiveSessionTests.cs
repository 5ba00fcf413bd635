using System.Net;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Identity;

/// <summary>The live hub takes the same sessions as the API and checks the account at every subscription.</summary>
[Collection(IdentityNodeCollection.Name)]
public sealed class LiveSessionTests(IdentityNode node)
{
    [Fact]
    public async Task AnAccessTokenOpensTheHubAndADisabledAccountSubscribesToNothingMore()
    {
        var (login, password) = await Accounts.Create(node, "Leader", DemoAreas.LiveStreet, prefix: "hub");
        var token = (await Tokens.Issue(node, login, password)).Text("accessToken");
        await using var connection = Connect(node, token);
        await connection.StartAsync().Within("the hub connection with an access token");
        var snapshot = await connection.InvokeAsync<System.Text.Json.JsonElement>("SubscribeArea", DemoAreas.LiveStreet).Within("the first subscription");
        Assert.Equal($"area:{DemoAreas.LiveStreet}", snapshot.Text("topic"));
        using var admin = await Tokens.SignedIn(node, "admin", SeededAccounts.PasswordOf(node, "admin"));

        await admin.PostAsync($"api/users/{login}/disable", null).Expect(HttpStatusCode.OK);

        var refused = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<System.Text.Json.JsonElement>("SubscribeArea", DemoAreas.LiveStreet).Within("the refused subscription"));
        Assert.Contains("session has ended", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHubRefusesAnAccessTokenThatIsNotValid()
    {
        await using var connection = Connect(node, "not.a.token");

        var refused = await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => connection.StartAsync().Within("the refused connection"));

        Assert.Contains("'401'", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>WebSockets only, so the token travels as access_token in the query, as browsers send it.</summary>
    public static HubConnection Connect(NodeProcess node, string accessToken) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(node.BaseAddress, "hubs/live"), HttpTransportType.WebSockets, options =>
            {
                options.AccessTokenProvider = () => Task.FromResult<string?>(accessToken);
                options.SkipNegotiation = true;
                options.Headers["Accept-Language"] = "en";
            })
            .Build();
}

/// <summary>Tokens of three seconds: expiry seen by the API and by an open hub connection.</summary>
[Collection(ShortLivedTokenNodeCollection.Name)]
public sealed class ExpiryTests(ShortLivedTokenNode node)
{
    [Fact]
    public async Task AnExpiredAccessTokenIs401WithInvalidTokenAndTheRefreshTokenStillRenewsIt()
    {
        var tokens = await Tokens.Issue(node, "leader", SeededAccounts.PasswordOf(node, "leader"));
        using var bearer = Tokens.Bearer(node, tokens.Text("accessToken"));
        await bearer.GetAsync("api/session").Expect(HttpStatusCode.OK);

        var expiresAt = tokens.GetProperty("expiresAt").GetDateTimeOffset();
        await Task.Delay(expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(500));

        using var response = await bearer.GetAsync("api/session");
        var problem = await response.Expect(HttpStatusCode.Unauthorized);
        Assert.Equal("The access token has expired: renew it with POST /api/tokens/refresh.", problem.Text("detail"));
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        var renewed = await Tokens.Refresh(node, tokens.Text("refreshToken")).Expect(HttpStatusCode.OK);
        using var again = Tokens.Bearer(node, renewed.Text("accessToken"));
        await again.GetAsync("api/session").Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TheHubClosesAConnectionWhenItsAccessTokenExpires()
    {
        var tokens = await Tokens.Issue(node, "leader", SeededAccounts.PasswordOf(node, "leader"));
        await using var connection = LiveSessionTests.Connect(node, tokens.Text("accessToken"));
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += error =>
        {
            closed.TrySetResult(error);
            return Task.CompletedTask;
        };
        await connection.StartAsync().Within("the hub connection");
        var openedAt = DateTimeOffset.UtcNow;

        await closed.Task.Within("the server closing the connection at token expiry", TimeSpan.FromSeconds(20));

        Assert.Equal(HubConnectionState.Disconnected, connection.State);
        Assert.True(DateTimeOffset.UtcNow >= tokens.GetProperty("expiresAt").GetDateTimeOffset(), $"Closed {DateTimeOffset.UtcNow - openedAt} after opening, before the token expired.");
    }
}
