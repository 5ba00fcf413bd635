using System.Globalization;
using RuleOfLaw.Bench.Options;

namespace RuleOfLaw.Bench.Scenario;

/// <summary>One step of a search and whether it stayed within the limits.</summary>
public sealed record CapacityStep(double OfferedRate, int Dashboards, StepResult Result, bool Passed, string Verdict);

public sealed record CapacityReport(
    IReadOnlyList<CapacityStep> RateSteps,
    double? HighestRate,
    string RateStop,
    IReadOnlyList<CapacityStep> DashboardSteps,
    int? HighestDashboards,
    string DashboardStop);

/// <summary>
/// Point 5 of the issue. The report rate is stepped up (with the loop share of the options, and
/// by default no dashboards and no positions, so that the figure is the ingest capacity the
/// target speaks of) until ack p99 passes its limit, any error appears, or less than 95 % of the
/// offered rate is acknowledged; the highest passing rate is the capacity. Then, at a fixed rate,
/// dashboards are stepped up from few until report-to-dashboard p99 passes its limit.
/// </summary>
public static class CapacitySearch
{
    private const double RequiredShare = 0.95;

    public static async Task<CapacityReport> Run(LoadRig rig, BenchOptions options, CancellationToken cancellation)
    {
        var context = rig.Context;
        if (rig.Dashboards.Count > options.CapacityDashboards)
        {
            await rig.ResetDashboards();
        }

        await rig.Dashboards.GrowTo(options.CapacityDashboards, options.DashboardBatch, context.Errors, cancellation);
        if (options.CapacityPositionRate > 0)
        {
            await rig.Positions.GrowTo(options.PositionConnections, options.DashboardBatch, context.Errors, cancellation);
        }

        var rateSteps = new List<CapacityStep>();
        double? highestRate = null;
        var rateStop = options.Rates.Count == 0 ? "no rates given" : $"no limit reached up to {options.Rates[^1]:0}/s";
        var salt = 1_000;
        foreach (var rate in options.Rates)
        {
            Console.WriteLine($"  capacity: {rate:0} reports/s with {rig.Dashboards.Count} dashboards…");
            var result = await rig.Run(Spec($"rate-{rate:0}", rate, options.CapacityPositionRate, options, salt++), cancellation);
            var verdict = JudgeRate(result, options);
            rateSteps.Add(new CapacityStep(rate, rig.Dashboards.Count, result, verdict is null, verdict ?? "within limits"));
            Console.WriteLine($"    → {result.ReportsPerSecond:0} acknowledged/s, ack p99 {result.ReportAck.P99Ms:0.#} ms, errors {result.ErrorCount}: {verdict ?? "pass"}");
            if (verdict is not null)
            {
                rateStop = $"limit reached at {rate:0}/s: {verdict}";
                break;
            }

            highestRate = rate;
        }

        await rig.ResetDashboards();
        var dashboardSteps = new List<CapacityStep>();
        int? highestDashboards = null;
        var dashboardStop = options.DashboardSteps.Count == 0 ? "no steps given" : $"no limit reached up to {options.DashboardSteps[^1]} dashboards";
        foreach (var count in options.DashboardSteps)
        {
            var failures = await rig.Dashboards.GrowTo(count, options.DashboardBatch, context.Errors, cancellation);
            Console.WriteLine($"  capacity: {rig.Dashboards.Count} dashboards at {options.FixedRate:0} reports/s…");
            var result = await rig.Run(Spec($"dashboards-{count}", options.FixedRate, options.CapacityPositionRate, options, salt++), cancellation);
            var verdict = failures > 0 ? $"{failures} dashboards failed to connect" : JudgeDashboards(result, options);
            dashboardSteps.Add(new CapacityStep(options.FixedRate, rig.Dashboards.Count, result, verdict is null, verdict ?? "within limits"));
            Console.WriteLine($"    → report-to-dashboard p99 {result.ReportToDashboard.P99Ms:0.#} ms, {result.DeliveriesPerSecond:0} deliveries/s: {verdict ?? "pass"}");
            if (verdict is not null)
            {
                dashboardStop = $"limit reached at {count} dashboards: {verdict}";
                break;
            }

            highestDashboards = count;
        }

        return new CapacityReport(rateSteps, highestRate, rateStop, dashboardSteps, highestDashboards, dashboardStop);
    }

    private static StepSpec Spec(string name, double rate, double positionRate, BenchOptions options, int salt) =>
        new(name, rate, options.LoopShare, positionRate, options.Warmup, options.StepDuration, salt);

    /// <summary>Null when the step stayed within the limits; otherwise why not.</summary>
    private static string? JudgeRate(StepResult result, BenchOptions options)
    {
        if (result.ErrorCount > 0)
        {
            return "errors: " + string.Join(", ", result.Errors.Select(pair => $"{pair.Key} ×{pair.Value}"));
        }

        if (!(result.ReportAck.P99Ms <= options.AckP99LimitMs))
        {
            return string.Create(CultureInfo.InvariantCulture, $"ack p99 {result.ReportAck.P99Ms:0.#} ms > {options.AckP99LimitMs:0} ms");
        }

        return result.Achieved >= RequiredShare
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"only {result.Achieved:P0} of the offered rate acknowledged");
    }

    private static string? JudgeDashboards(StepResult result, BenchOptions options)
    {
        var dashboardErrors = result.Errors.Where(pair => pair.Key.StartsWith("dashboard:", StringComparison.Ordinal)).ToList();
        if (dashboardErrors.Count > 0)
        {
            return "errors: " + string.Join(", ", dashboardErrors.Select(pair => $"{pair.Key} ×{pair.Value}"));
        }

        if (result.ReportToDashboard.Count == 0)
        {
            return "no delta reached a dashboard";
        }

        return result.ReportToDashboard.P99Ms <= options.DashboardP99LimitMs
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"report-to-dashboard p99 {result.ReportToDashboard.P99Ms:0.#} ms > {options.DashboardP99LimitMs:0} ms");
    }
}
