using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Browser.Tests.Infrastructure;

/// <summary>
/// Real cases walked through the whole closed loop over the node's API, in waves: every case takes
/// step k before any takes step k + 1. The live notifier keeps only a case's newest version per
/// 100 ms window, so waves (each longer than a window) make every step a delta of its own. Each
/// grid has its own people (the node limits how fast one person may report and act), named after
/// <c>name</c> so that tests never share a person's allowance.
/// </summary>
public sealed class CaseWaves : IDisposable
{
    private readonly IReadOnlyList<Team> _teams;
    private readonly int _parallelism;

    public CaseWaves(BrowserNode node, IReadOnlyList<GridPoint> points, string name, int parallelism = 6)
    {
        _parallelism = parallelism;
        _teams = points.Select((point, index) => new Team(node, point, $"{name}-{index}")).ToList();
    }

    public IReadOnlyList<GridPoint> Points => _teams.Select(team => team.Point).ToList();

    /// <summary>A patrol report in the <paramref name="grid"/>-th grid; returns the incident of the 201 answer.</summary>
    public Task<JsonElement> Report(int grid, string subcategory = "CG03") => _teams[grid % _teams.Count].Report(subcategory);

    /// <summary>Reports <paramref name="count"/> cases round-robin over the grids and walks them all to Closed.</summary>
    public async Task ReportAndClose(int count, string subcategory = "CG03")
    {
        var cases = Enumerable.Range(0, count).Select(index => new WalkedCase(_teams[index % _teams.Count])).ToList();
        await Wave(cases, async walked => walked.Id = (await walked.Team.Report(subcategory)).Text("id"));
        await Wave(cases, walked => Crew.Step(walked.Team.Intake, walked.Id, "forward"));
        await Wave(cases, walked => Crew.Step(walked.Team.ShiftLeader, walked.Id, "register"));
        await Wave(cases, async walked =>
            walked.Unit = (await Crew.Step(walked.Team.Dispatcher, walked.Id, "dispatch")).GetProperty("incident").Text("assignedUnitId"));
        await Wave(cases, walked => Crew.Step(walked.Team.Unit(walked.Unit), walked.Id, "sign"));
        await Wave(cases, walked => Crew.Step(walked.Team.Unit(walked.Unit), walked.Id, "handle", new { reason = "已处置完毕", attachments = new[] { "photo/after.jpg" } }));
        await Wave(cases, walked => Crew.Step(walked.Team.Intake, walked.Id, "send-check"));
        await Wave(cases, walked => Crew.Step(walked.Team.GridWorker, walked.Id, "check", new { passed = true, attachments = new[] { "photo/check.jpg" } }));
        await Wave(cases, walked => Crew.Step(walked.Team.ShiftLeader, walked.Id, "close", new { closure = "Normal", reason = "结案" }));
    }

    public void Dispose()
    {
        foreach (var team in _teams)
        {
            team.Dispose();
        }
    }

    private async Task Wave(IReadOnlyList<WalkedCase> cases, Func<WalkedCase, Task> step) =>
        await Parallel.ForEachAsync(cases, new ParallelOptions { MaxDegreeOfParallelism = _parallelism }, async (walked, _) => await step(walked));

    /// <summary>The people of one grid: its grid worker, and an intake operator, shift leader, dispatcher and unit handlers of the district.</summary>
    private sealed class Team(BrowserNode node, GridPoint point, string name) : IDisposable
    {
        private readonly ConcurrentDictionary<string, HttpClient> _units = new();

        public GridPoint Point { get; } = point;

        public HttpClient GridWorker { get; } = node.Client(Role.GridWorker, point.GridCode, user: $"gw-{name}");

        public HttpClient Intake { get; } = node.Client(Role.Intake, DemoAreas.District, user: $"intake-{name}");

        public HttpClient ShiftLeader { get; } = node.Client(Role.ShiftLeader, DemoAreas.District, user: $"shift-{name}");

        public HttpClient Dispatcher { get; } = node.Client(Role.Dispatcher, DemoAreas.District, user: $"dispatcher-{name}");

        public async Task<JsonElement> Report(string subcategory)
        {
            var body = await GridWorker.PostAsJsonAsync("api/incidents", new
            {
                id = Crew.NewId(),
                subcategory,
                description = $"大屏测试上报（{subcategory}）",
                longitude = Point.Longitude,
                latitude = Point.Latitude,
                attachments = new[] { "photo/before.jpg" },
            }).Expect(HttpStatusCode.Created);
            return body.GetProperty("incident");
        }

        public HttpClient Unit(string? unitId) =>
            _units.GetOrAdd(unitId ?? throw new InvalidOperationException("The case has not been dispatched."), unit => node.Client(Role.UnitHandler, DemoAreas.District, unit, $"handler-{unit}-{name}"));

        public void Dispose()
        {
            foreach (var client in _units.Values.Concat([GridWorker, Intake, ShiftLeader, Dispatcher]))
            {
                client.Dispose();
            }
        }
    }

    private sealed class WalkedCase(Team team)
    {
        public Team Team { get; } = team;

        public string Id { get; set; } = "";

        public string? Unit { get; set; }
    }
}
