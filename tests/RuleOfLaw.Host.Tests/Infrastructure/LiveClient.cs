using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using RuleOfLaw.Grains.Actors;

namespace RuleOfLaw.Host.Tests.Infrastructure;

/// <summary>
/// A dashboard: the real SignalR .NET client over WebSockets, identified by the same X-Actor-*
/// headers as the API. Every <c>Deltas</c> batch the hub sends is queued in arrival order.
/// </summary>
public sealed class LiveClient : IAsyncDisposable
{
    private readonly Channel<IReadOnlyList<JsonElement>> _batches = Channel.CreateUnbounded<IReadOnlyList<JsonElement>>();

    private LiveClient(HubConnection connection)
    {
        Connection = connection;
        Connection.On<List<JsonElement>>("Deltas", batch => _batches.Writer.TryWrite(batch));
        Connection.On<JsonElement>("Assessment", update => Assessments.Writer.TryWrite(update));
        Connection.On<List<JsonElement>>("Teams", batch =>
        {
            foreach (var team in batch)
            {
                Teams.Writer.TryWrite(team);
            }
        });
    }

    public HubConnection Connection { get; }

    /// <summary>Every <c>Assessment</c> update the hub pushed, in arrival order.</summary>
    public Channel<JsonElement> Assessments { get; } = Channel.CreateUnbounded<JsonElement>();

    /// <summary>Every field team update the hub pushed, one by one, in arrival order.</summary>
    public Channel<JsonElement> Teams { get; } = Channel.CreateUnbounded<JsonElement>();

    /// <summary>Connects as the actor; <paramref name="language"/> null leaves the node's default language (zh-CN).</summary>
    public static async Task<LiveClient> Connect(NodeProcess node, Role role, string area, string? unit = null, string? language = "en", string? user = null)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(node.BaseAddress, "hubs/live"), HttpTransportType.WebSockets, options =>
            {
                foreach (var (name, value) in ActorHeaders.For(role, area, unit, user))
                {
                    options.Headers[name] = value;
                }

                if (language is not null)
                {
                    options.Headers["Accept-Language"] = language;
                }
            })
            .Build();
        var client = new LiveClient(connection);
        await connection.StartAsync().WaitAsync(Signals.Timeout);
        return client;
    }

    /// <summary>The snapshot of an area (topic, incidents, counters, takenAt).</summary>
    public Task<JsonElement> SubscribeArea(string areaCode) =>
        Connection.InvokeAsync<JsonElement>("SubscribeArea", areaCode).Within($"SubscribeArea({areaCode}) to answer");

    public Task<JsonElement> SubscribeUnit(string unitId) =>
        Connection.InvokeAsync<JsonElement>("SubscribeUnit", unitId).Within($"SubscribeUnit({unitId}) to answer");

    public Task<JsonElement> SubscribeIncident(string incidentId) =>
        Connection.InvokeAsync<JsonElement>("SubscribeIncident", incidentId).Within($"SubscribeIncident({incidentId}) to answer");

    /// <summary>The caller's own reports: an empty snapshot, then every change of a case they reported.</summary>
    public Task<JsonElement> SubscribeReports() =>
        Connection.InvokeAsync<JsonElement>("SubscribeReports").Within("SubscribeReports() to answer");

    /// <summary>The next batch the hub pushed, whatever it holds.</summary>
    public async Task<IReadOnlyList<JsonElement>> NextBatch(string awaited) =>
        await _batches.Reader.ReadAsync().AsTask().Within(awaited);

    /// <summary>Reads batches until one carries the incident at the version; earlier batches are passed over.</summary>
    public async Task<IReadOnlyList<JsonElement>> BatchWith(string incidentId, int version)
    {
        var awaited = $"a Deltas batch with incident {incidentId} at version {version}";
        while (true)
        {
            var batch = await NextBatch(awaited);
            if (batch.Any(delta => Is(delta, incidentId, version)))
            {
                return batch;
            }
        }
    }

    /// <summary>Every batch received until (and including) the one that carries the incident at the version.</summary>
    public async Task<IReadOnlyList<JsonElement>> DeltasUntil(string incidentId, int version)
    {
        var awaited = $"a Deltas batch with incident {incidentId} at version {version}";
        var received = new List<JsonElement>();
        while (!received.Any(delta => Is(delta, incidentId, version)))
        {
            received.AddRange(await NextBatch(awaited));
        }

        return received;
    }

    /// <summary>Every batch received until (and including) the one that carries a delta of the incident satisfying <paramref name="reached"/>.</summary>
    public async Task<IReadOnlyList<JsonElement>> DeltasUntil(string incidentId, Func<JsonElement, bool> reached, string awaited)
    {
        var received = new List<JsonElement>();
        while (!received.Any(delta => delta.GetProperty("incidentId").GetString() == incidentId && reached(delta)))
        {
            received.AddRange(await NextBatch(awaited));
        }

        return received;
    }

    public static bool Is(JsonElement delta, string incidentId, int version) =>
        delta.GetProperty("incidentId").GetString() == incidentId && delta.GetProperty("version").GetInt32() == version;

    public static (string IncidentId, int Version) Key(JsonElement delta) =>
        (delta.GetProperty("incidentId").GetString()!, delta.GetProperty("version").GetInt32());

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
