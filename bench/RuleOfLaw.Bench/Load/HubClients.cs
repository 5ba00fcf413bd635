using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace RuleOfLaw.Bench.Load;

/// <summary>Real SignalR .NET clients over WebSockets, identified like a browser would be.</summary>
public static class HubClients
{
    public static HubConnection Create(Uri hubUrl, ActorIdentity actor)
    {
        return new HubConnectionBuilder()
            .WithUrl(hubUrl, options =>
            {
                // WebSockets only, as dashboards use them; skipping negotiation saves a round trip per client.
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                foreach (var (name, value) in actor.Headers())
                {
                    options.Headers[name] = value;
                }

                options.Headers["Accept-Language"] = "en";
            })
            .Build()
            .WithTimeouts();
    }

    /// <summary>
    /// Longer than the defaults (30 s server timeout): a node saturated on purpose may be slow to
    /// ping, and a benchmark should report slowness as latency, not as dropped dashboards.
    /// </summary>
    private static HubConnection WithTimeouts(this HubConnection connection)
    {
        connection.ServerTimeout = TimeSpan.FromSeconds(60);
        connection.HandshakeTimeout = TimeSpan.FromSeconds(30);
        return connection;
    }
}
