using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Authentication;

/// <summary>The development scheme: who acts is stated in X-Actor-* headers, and nothing is trusted without them.</summary>
[Collection(SharedNodeCollection.Name)]
public sealed class AuthenticationTests(SharedNode node)
{
    [Theory]
    [InlineData("GET", "api/catalogue")]
    [InlineData("GET", "api/units")]
    [InlineData("GET", "api/incidents/0190b1a5-0000-7000-8000-000000000001")]
    [InlineData("POST", "api/incidents")]
    [InlineData("POST", "api/incidents/0190b1a5-0000-7000-8000-000000000001/forward")]
    [InlineData("GET", "api/areas/510802/incidents")]
    [InlineData("GET", "api/areas/510802/counters")]
    public async Task ACallWithoutActorHeadersIsUnauthorizedWithAProblemSayingWhichHeadersToSend(string method, string path)
    {
        using var client = node.Anonymous();
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? HttpExpectations.Raw("{}") : null };

        using var response = await client.SendAsync(request);
        var problem = await response.Expect(HttpStatusCode.Unauthorized);

        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.Equal("Identify the actor with X-Actor-User, X-Actor-Role, X-Actor-Area (and X-Actor-Unit for unit handlers).", problem.Text("detail"));
    }

    [Theory]
    [InlineData("Janitor", "510802", null, "X-Actor-Role")]
    [InlineData("", "510802", null, "X-Actor-Role")]
    [InlineData("99", "510802", null, "X-Actor-Role")]
    [InlineData("Dispatcher", "5108", null, "X-Actor-Area")]
    [InlineData("Dispatcher", "abcdef", null, "X-Actor-Area")]
    [InlineData("UnitHandler", "510802", null, "X-Actor-Unit")]
    public async Task AMalformedActorHeaderIsUnauthorizedWithADetailNamingTheHeader(string role, string area, string? unit, string header)
    {
        using var client = node.Anonymous();
        client.DefaultRequestHeaders.Add(ActorHeaders.UserHeader, "someone");
        client.DefaultRequestHeaders.Add(ActorHeaders.RoleHeader, role);
        client.DefaultRequestHeaders.Add(ActorHeaders.AreaHeader, area);
        if (unit is not null)
        {
            client.DefaultRequestHeaders.Add(ActorHeaders.UnitHeader, unit);
        }

        var problem = await client.GetAsync("api/catalogue").Expect(HttpStatusCode.Unauthorized);

        Assert.StartsWith(header, problem.Text("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AUserNameLongerThanAHundredCharactersIsUnauthorized()
    {
        using var client = node.Client(Role.Leader, user: new string('u', 101));

        var problem = await client.GetAsync("api/catalogue").Expect(HttpStatusCode.Unauthorized);

        Assert.Equal("X-Actor-User is longer than 100 characters.", problem.Text("detail"));
    }

    [Fact]
    public async Task TheActorMayBeGivenAsQueryParametersForClientsThatCannotSetHeaders()
    {
        using var client = node.Anonymous();

        await client.GetAsync("api/units?actor-user=browser&actor-role=Leader&actor-area=510802").Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TheHealthCheckNeedsNoActorButTheMapDoes()
    {
        using var client = node.Anonymous();

        var health = await client.GetAsync("health").Expect(HttpStatusCode.OK);
        await client.GetAsync("api/areas").Expect(HttpStatusCode.Unauthorized);

        Assert.Equal("ok", health.Text("status"));
    }

    [Fact]
    public async Task TheLiveHubRefusesAConnectionWithoutAnActor()
    {
        await using var connection = new HubConnectionBuilder().WithUrl(new Uri(node.BaseAddress, "hubs/live")).Build();

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync().WaitAsync(Signals.Timeout));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }
}

/// <summary>With the development scheme off (as shipped), no caller is trusted for its headers: only a session or a token counts.</summary>
[Collection(NodeWithoutAuthenticationCollection.Name)]
public sealed class DisabledAuthenticationTests(NodeWithoutAuthentication node)
{
    [Fact]
    public async Task ANodeWithDevelopmentAuthenticationDisabledAnswers401EvenWithActorHeaders()
    {
        using var client = node.Client(Role.Administrator);

        using var response = await client.GetAsync("api/catalogue");
        var problem = await response.Expect(HttpStatusCode.Unauthorized);

        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("This node does not accept X-Actor-* headers", problem.Text("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NobodySignedInIs401WithAProblemSayingHowToSignInAndNeverARedirect()
    {
        using var client = node.Anonymous();

        using var response = await client.GetAsync("api/session");
        var problem = await response.Expect(HttpStatusCode.Unauthorized);

        Assert.Null(response.Headers.Location);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Sign in first: POST /api/session (browsers) or POST /api/tokens (apps).", problem.Text("detail"));
    }

    [Fact]
    public async Task ANodeWithDevelopmentAuthenticationDisabledStillAnswersItsHealthCheck()
    {
        using var client = node.Anonymous();

        await client.GetAsync("health").Expect(HttpStatusCode.OK);
    }
}
