using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RuleOfLaw.Grains.Actors;

namespace RuleOfLaw.Host.Tests.Infrastructure;

/// <summary>The people who move a case in one grid, as HTTP clients of one node.</summary>
public sealed class Crew : IDisposable
{
    private readonly NodeProcess _node;
    private readonly Dictionary<string, HttpClient> _units = [];

    public Crew(NodeProcess node, GridPoint point)
    {
        _node = node;
        Point = point;
        GridWorker = node.Client(Role.GridWorker, point.GridCode);
        Intake = node.Client(Role.Intake, DemoAreas.District);
        ShiftLeader = node.Client(Role.ShiftLeader, DemoAreas.District);
        Dispatcher = node.Client(Role.Dispatcher, DemoAreas.District);
        Leader = node.Client(Role.Leader, DemoAreas.District);
    }

    public GridPoint Point { get; }

    public string Grid => Point.GridCode;

    /// <summary>The grid worker of this grid (jurisdiction: the grid itself).</summary>
    public HttpClient GridWorker { get; }

    public HttpClient Intake { get; }

    public HttpClient ShiftLeader { get; }

    public HttpClient Dispatcher { get; }

    public HttpClient Leader { get; }

    /// <summary>A handler of the unit (X-Actor-Unit).</summary>
    public HttpClient Unit(string unitId)
    {
        if (!_units.TryGetValue(unitId, out var client))
        {
            _units[unitId] = client = _node.Client(Role.UnitHandler, DemoAreas.District, unitId);
        }

        return client;
    }

    public static async Task<Crew> In(NodeProcess node, string areaCode, int gridIndex = 0) =>
        new(node, await node.PointInGridOf(areaCode, gridIndex));

    /// <summary>A grid worker's patrol report body (Patrol is implied by the role).</summary>
    public object PatrolReport(string id, string subcategory = "CG03", string description = "路边堆放生活垃圾 exposed garbage by the road") => new
    {
        id,
        subcategory,
        description,
        longitude = Point.Longitude,
        latitude = Point.Latitude,
        attachments = new[] { "photo/before.jpg" },
    };

    /// <summary>Reports on patrol and returns the incident of the 201 answer.</summary>
    public async Task<JsonElement> Report(string? id = null, string subcategory = "CG03")
    {
        var body = await GridWorker.PostAsJsonAsync("api/incidents", PatrolReport(id ?? NewId(), subcategory)).Expect(HttpStatusCode.Created);
        return body.GetProperty("incident");
    }

    /// <summary>Takes one step that must be accepted; returns the whole answer (incident and allowed).</summary>
    public static async Task<JsonElement> Step(HttpClient actor, string id, string step, object? body = null)
    {
        var content = body is null ? null : HttpExpectations.Json(body);
        return await actor.PostAsync($"api/incidents/{id}/{step}", content).Expect(HttpStatusCode.OK);
    }

    public async Task<JsonElement> Details(string id) =>
        await Leader.GetAsync($"api/incidents/{id}").Expect(HttpStatusCode.OK);

    public async Task<int> VersionOf(string id) => (await Details(id)).GetProperty("incident").GetProperty("version").GetInt32();

    /// <summary>Report → forward → register → dispatch to the power list's unit; returns the incident.</summary>
    public async Task<JsonElement> Dispatched(string? id = null)
    {
        var incident = await Report(id);
        var caseId = incident.Text("id");
        await Step(Intake, caseId, "forward");
        await Step(ShiftLeader, caseId, "register");
        return (await Step(Dispatcher, caseId, "dispatch")).GetProperty("incident");
    }

    /// <summary>Dispatched and signed by the assigned unit: in progress.</summary>
    public async Task<JsonElement> InProgress(string? id = null)
    {
        var incident = await Dispatched(id);
        var unit = incident.Text("assignedUnitId");
        return (await Step(Unit(unit), incident.Text("id"), "sign")).GetProperty("incident");
    }

    /// <summary>Client-generated ids are UUIDv7, as the API prefers.</summary>
    public static string NewId() => Guid.CreateVersion7().ToString();

    public void Dispose()
    {
        foreach (var client in _units.Values.Concat([GridWorker, Intake, ShiftLeader, Dispatcher, Leader]))
        {
            client.Dispose();
        }
    }
}
