using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Protection;

/// <summary>A live hub connection (real SignalR client, WebSockets) as a user of the test's choosing.</summary>
public static class ProtectionHub
{
    /// <param name="accessToken">
    /// Sent as SignalR sends a bearer token: <c>Authorization</c> on negotiate, <c>access_token</c>
    /// in the WebSocket's query string. The development scheme ignores it; it is there to be looked for in the logs.
    /// </param>
    public static async Task<HubConnection> Connect(
        NodeProcess node, Role role, string area, string user, string? language = "en", string? accessToken = null)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(node.BaseAddress, "hubs/live"), HttpTransportType.WebSockets, options =>
            {
                foreach (var (name, value) in ActorHeaders.For(role, area, user: user))
                {
                    options.Headers[name] = value;
                }

                if (language is not null)
                {
                    options.Headers["Accept-Language"] = language;
                }

                if (accessToken is not null)
                {
                    options.AccessTokenProvider = () => Task.FromResult<string?>(accessToken);
                }
            })
            .Build();
        await connection.StartAsync().WaitAsync(Signals.Timeout);
        return connection;
    }
}
