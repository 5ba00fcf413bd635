using System.Globalization;
using RuleOfLaw.Bench.Baselines;
using RuleOfLaw.Bench.Measurements;
using RuleOfLaw.Bench.Scenario;

namespace RuleOfLaw.Bench.Results;

/// <summary>
/// Turns measurements into the table. The rule of the issue: a throughput or latency figure is
/// only reported beside its raw baseline from the same run; without it the figure is withheld.
/// Node resources (CPU, memory, errors, losses) are measurements of the node itself and carry
/// their target instead.
/// </summary>
public static class FigureBuilder
{
    private const string Withheld = "withheld: no baseline in this run";

    private static string Fixes(int batch) => batch == 1 ? "one fix per message" : $"{batch} fixes per message";

    /// <param name="nodes">Nodes the load went to: node figures are their sums, and say so.</param>
    public static List<Figure> Surge(SurgeReport surge, BaselineResult? grain, BaselineResult? broadcast, double offeredRate, double offeredPositions, int nodes)
    {
        var step = surge.Step;
        var together = nodes == 1 ? string.Empty : $", {nodes} nodes together";
        var cores = $"{Environment.ProcessorCount} cores";
        var figures = new List<Figure>
        {
            Throughput("Reports acknowledged/s", step.ReportsPerSecond, "reports/s", "≥ 2,000/s", grain, $"offered {N(offeredRate)}/s, {step.Achieved:P1} acknowledged"),
            Throughput("Transitions acknowledged/s", step.TransitionsPerSecond, "transitions/s", "—", grain, $"{N(step.LoopsCompletedPerSecond)} loops closed/s"),
            AckLatency("Report ack latency p50/p99/p99.9/max", step.ReportAck, "p99 ≤ 100 ms", grain, "from the intended send time (open loop)"),
            AckLatency("Transition ack latency p50/p99/p99.9/max", step.TransitionAck, "—", grain, "from the send (each step follows the previous answer)"),
            DashboardLatency(step, broadcast, surge.Step.Dashboards),
            Throughput("Deliveries/s (deltas × dashboards)", step.DeliveriesPerSecond, "deliveries/s", "—", broadcast, $"{N(step.DashboardMessagesPerSecond)} messages/s to {step.Dashboards} dashboards"),
            step.PositionsAcceptedPerSecond is { } accepted
                ? Throughput("Position updates/s", accepted, "positions/s", "≥ 20,000/s", grain,
                    $"accepted ({(nodes == 1 ? "the node's own count" : $"the {nodes} nodes' own counts, summed")}); offered {N(offeredPositions)}/s, sent {N(step.PositionsSentPerSecond)}/s over {surge.PositionConnections} connections, {Fixes(surge.PositionBatch)}")
                : Throughput("Position updates/s", step.PositionsSentPerSecond, "positions/s", "≥ 20,000/s", grain,
                    $"SENT, not acknowledged (SendAsync has no ack and the node reports no count); offered {N(offeredPositions)}/s over {surge.PositionConnections} connections, {Fixes(surge.PositionBatch)}"),
            Optional("Positions stored/s", step.PositionsWrittenPerSecond, "positions/s", v => $"{N(v)}/s", "≥ accepted", lowerIsBetter: false,
                note: "made durable by the nodes' position writers (a batch per flush interval, in the track store)"),
            Measured("Position pushes per dashboard/s", step.PositionPushesPerDashboardPerSecond, "updates/s", "≤ moving people in scope", lowerIsBetter: false,
                display: $"{step.PositionPushesPerDashboardPerSecond:0.#}/s",
                note: $"moves of grid workers pushed to each of {step.Dashboards} dashboards (coalesced: at most one a second per person), mean over dashboards"),
            Measured("Errors", step.ErrorCount + surge.OtherErrors.Values.Sum() + surge.ReadBack.Errors.Values.Sum(), "errors", "0", lowerIsBetter: true,
                note: ErrorsNote(step.Errors, surge.OtherErrors, surge.ReadBack.Errors)),
            Measured("Lost (acknowledged, not read back)", surge.ReadBack.Lost, "incidents", "0", lowerIsBetter: true,
                note: $"{N(surge.ReadBack.Acknowledged)} acknowledged, {N(surge.ReadBack.Found)} found, {N(surge.ReadBack.Unverified)} unverified in {surge.ReadBack.Seconds:0.#} s"),
            Optional("Node CPU", step.NodeCpuPercent, "%", v => $"{v:0.#} % of {cores}{together}", "—", lowerIsBetter: true,
                note: step.NodeCpuByNode is { } byNode ? "per node: " + string.Join(", ", byNode.Select(node => $"{node.Node} (pid {node.ProcessId}) {node.Percent:0.#} %")) : null),
            Optional("Node RSS", step.NodeWorkingSetBytes, "MB", v => $"{v / 1048576:0.#} MB{together}", "—", lowerIsBetter: true),
            Optional("Node GC heap", step.NodeGcHeapBytes, "MB", v => $"{v / 1048576:0.#} MB{together}", "—", lowerIsBetter: true),
            Optional("Managed bytes per resident open incident", surge.Memory.BytesPerIncident, "bytes", v => $"{v / 1024:0.##} KB", "≤ 8 KB", lowerIsBetter: true,
                note: surge.Memory.Problem ?? $"{N(surge.Memory.NewIncidentActivations)} new incident grains{(nodes == 1 ? string.Empty : $" on {nodes} nodes")}; heap {surge.Memory.HeapBeforeBytes / 1048576.0:0.#} → {surge.Memory.HeapAfterBytes / 1048576.0:0.#} MB after full GCs{together}; measured after {N(surge.Memory.Primed)} uncounted reports and {surge.Memory.RestSeconds:0} s to rest"),
            Measured("Harness CPU", step.HarnessCpuPercent, "%", "—", lowerIsBetter: true,
                display: $"{step.HarnessCpuPercent:0.#} % of {cores}", note: "the load generator competes with the node for the same cores"),
        };
        figures.AddRange(step.ServiceCpuPercent.Select(service => Measured($"{service.Key} CPU", service.Value, "%", "—", lowerIsBetter: true,
            display: $"{service.Value:0.#} % of {cores}", note: "the server the harness started for the nodes; it competes with them for the same cores")));
        figures.Add(Optional("Other processes' CPU", step.OtherCpuPercent, "%", v => $"{v:0.#} % of {cores}", "≈ 0", lowerIsBetter: true,
            note: step.MachineCpuPercent is { } busy ? $"machine {busy:0.#} % busy in the window; anything here was taken from the nodes, their servers and the harness" : "no /proc/stat"));
        return figures;
    }

    public static List<Figure> Capacity(CapacityReport capacity, BaselineResult? grain, BaselineResult? broadcast, Options.BenchOptions options)
    {
        var alongside = $"loop share {options.LoopShare:0.##}, {options.CapacityDashboards} dashboards, {N(options.CapacityPositionRate)} positions/s alongside";
        var best = capacity.RateSteps.LastOrDefault(step => step.Passed);
        var bestDashboards = capacity.DashboardSteps.LastOrDefault(step => step.Passed);
        return
        [
            Throughput("Highest sustained report rate", capacity.HighestRate, "reports/s", "≥ 2,000/s", grain,
                $"{alongside}; {capacity.RateStop}" + (best is null ? string.Empty : $"; ack p99 at {N(best.OfferedRate)}/s: {best.Result.ReportAck.P99Ms:0.#} ms")),
            WithBaseline("Most dashboards (report-to-dashboard p99 ≤ 250 ms)", capacity.HighestDashboards, "dashboards",
                capacity.HighestDashboards is { } count ? N(count) : "none passed", "≥ 500", broadcast,
                broadcast is null ? null : bestDashboards is null ? null : bestDashboards.Result.DeliveriesPerSecond / broadcast.PerSecond,
                $"at {N(options.FixedRate)} reports/s, {N(options.CapacityPositionRate)} positions/s; {capacity.DashboardStop}" + (bestDashboards is null ? string.Empty : $"; ratio = deliveries/s there ÷ baseline")),
        ];
    }

    private static Figure Throughput(string name, double? value, string unit, string target, BaselineResult? baseline, string? note)
    {
        var display = value is { } v ? $"{N(v)}/s" : "n/a";
        return WithBaseline(name, value, unit, display, target, baseline, value is { } x && baseline is { PerSecond: > 0 } b ? x / b.PerSecond : null, note);
    }

    private static Figure WithBaseline(string name, double? value, string unit, string display, string target, BaselineResult? baseline, double? ratio, string? note)
    {
        if (baseline is null)
        {
            return new Figure(name, null, unit, Withheld, target, "missing", null, note);
        }

        return new Figure(name, value, unit, display, target, $"{baseline.Name}: {N(baseline.PerSecond)} {baseline.Unit}", ratio, note);
    }

    private static Figure AckLatency(string name, LatencySummary latency, string target, BaselineResult? grain, string note)
    {
        if (grain is null)
        {
            return new Figure(name, null, "ms", Withheld, target, "missing", null, note) { LowerIsBetter = true };
        }

        var baselineP99Ms = grain.Extra.TryGetValue("p99Us", out var p99Us) ? p99Us / 1000 : double.NaN;
        return new Figure(
            name,
            NullIfNaN(latency.P99Ms),
            "ms",
            Percentiles(latency, withP999: true),
            target,
            string.Create(CultureInfo.InvariantCulture, $"{grain.Name} p99 {baselineP99Ms * 1000:0.#} µs"),
            double.IsFinite(latency.P99Ms) && baselineP99Ms > 0 ? latency.P99Ms / baselineP99Ms : null,
            note) { LowerIsBetter = true };
    }

    private static Figure DashboardLatency(StepResult step, BaselineResult? broadcast, int dashboards)
    {
        const string name = "Report-to-dashboard latency p50/p99/max";
        const string target = "p99 ≤ 250 ms (500 dashboards)";
        var note = $"server receipt → client receipt, one clock; {N(step.ReportToDashboard.Count)} deltas to {dashboards} dashboards";
        if (broadcast is null)
        {
            return new Figure(name, null, "ms", Withheld, target, "missing", null, note) { LowerIsBetter = true };
        }

        var baselineP99 = broadcast.Extra.GetValueOrDefault("p99Ms", double.NaN);
        var lightP99 = broadcast.Extra.GetValueOrDefault("lightLoadP99Ms", double.NaN);
        return new Figure(
            name,
            NullIfNaN(step.ReportToDashboard.P99Ms),
            "ms",
            Percentiles(step.ReportToDashboard, withP999: false),
            target,
            string.Create(CultureInfo.InvariantCulture, $"{broadcast.Name} p99 {baselineP99:0.#} ms saturated, {lightP99:0.#} ms light"),
            double.IsFinite(step.ReportToDashboard.P99Ms) && baselineP99 > 0 ? step.ReportToDashboard.P99Ms / baselineP99 : null,
            note) { LowerIsBetter = true };
    }

    private static Figure Measured(string name, double value, string unit, string target, bool lowerIsBetter, string? display = null, string? note = null) =>
        new(name, value, unit, display ?? N(value), target, "n/a (node measurement)", null, note) { LowerIsBetter = lowerIsBetter };

    private static Figure Optional(string name, double? value, string unit, Func<double, string> display, string target, bool lowerIsBetter, string? note = null) =>
        value is { } v && double.IsFinite(v)
            ? new Figure(name, v, unit, display(v), target, "n/a (node measurement)", null, note) { LowerIsBetter = lowerIsBetter }
            : new Figure(name, null, unit, "n/a (no node diagnostics; see the notes)", target, "n/a (node measurement)", null, note) { LowerIsBetter = lowerIsBetter };

    private static string ErrorsNote(params IReadOnlyDictionary<string, long>[] sources)
    {
        var all = sources.SelectMany(source => source).GroupBy(pair => pair.Key).Select(group => $"{group.Key} ×{group.Sum(pair => pair.Value)}").ToList();
        return all.Count == 0 ? "none" : string.Join(", ", all);
    }

    private static string Percentiles(LatencySummary latency, bool withP999) =>
        latency.Count == 0
            ? "no samples"
            : withP999
                ? string.Create(CultureInfo.InvariantCulture, $"{latency.P50Ms:0.#} / {latency.P99Ms:0.#} / {latency.P999Ms:0.#} / {latency.MaxMs:0.#} ms")
                : string.Create(CultureInfo.InvariantCulture, $"{latency.P50Ms:0.#} / {latency.P99Ms:0.#} / {latency.MaxMs:0.#} ms");

    private static double? NullIfNaN(double value) => double.IsFinite(value) ? value : null;

    public static string N(double value) => value.ToString(value >= 100 || value == Math.Floor(value) ? "N0" : "N1", CultureInfo.InvariantCulture);
}
