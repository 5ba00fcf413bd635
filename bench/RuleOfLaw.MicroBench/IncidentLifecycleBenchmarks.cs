using BenchmarkDotNet.Attributes;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.MicroBench.Fixtures;

namespace RuleOfLaw.MicroBench;

/// <summary>
/// One command through the pure rule, as the incident grain runs it: <see cref="IncidentLifecycle.Decide"/>
/// then <see cref="IncidentLifecycle.Apply"/>, against the real catalogue and demo district.
/// A report includes point-to-grid resolution; a dispatch includes the power list's lead unit.
/// </summary>
[MemoryDiagnoser]
public class IncidentLifecycleBenchmarks
{
    private const string IncidentId = "0196a0c5-0000-7000-8000-000000000001";

    private LifecycleContext _context = null!;
    private ReportIncident _report = null!;
    private IncidentRecord _registered = null!;
    private DispatchIncident _dispatch = null!;

    [GlobalSetup]
    public void Setup()
    {
        _context = ReferenceData.DemoContext();
        var grid = ReferenceData.DemoDistrict.Grids()[100];
        var location = grid.Geometry.InteriorPoint;
        var subcategory = ReferenceData.Catalogue.Subcategories[0].Code;
        var district = ReferenceData.DemoDistrict.District.Code;

        _report = new ReportIncident(
            new Actor("gw-bench", Role.GridWorker, null, grid.Code), subcategory, "路边堆放生活垃圾约两立方米，已影响行人通行",
            location.X, location.Y, "东坝街道万缘路12号", IncidentSource.Patrol, false, ["photo/before-1.jpg"]);

        // The dispatch starts from a case the real rule registered: hotline intake, forwarded, registered.
        var intake = new Actor("intake-bench", Role.Intake, null, district);
        var hotline = _report with { Actor = intake, Source = IncidentSource.Hotline, Attachments = [] };
        var record = Step(null, hotline);
        record = Step(record, new StepCommand(CommandKind.Forward, intake, null, []));
        _registered = Step(record, new StepCommand(CommandKind.Register, intake, null, []));
        _dispatch = new DispatchIncident(new Actor("dispatcher-bench", Role.Dispatcher, null, district), null, null, []);

        // Fail at setup rather than benchmark a refusal.
        _ = Report();
        _ = Dispatch();
    }

    [Benchmark]
    public IncidentRecord Report() => Step(null, _report);

    [Benchmark]
    public IncidentRecord Dispatch() => Step(_registered, _dispatch);

    private IncidentRecord Step(IncidentRecord? current, IncidentCommand command) =>
        IncidentLifecycle.Decide(current, command, SampleIncidents.Now, _context) switch
        {
            Accepted accepted => IncidentLifecycle.Apply(current, accepted.Event, IncidentId),
            Refused refused => throw new InvalidOperationException($"{command.Kind} was refused: {refused.Message.En}"),
            var other => throw new InvalidOperationException($"Unexpected decision {other}."),
        };
}
