using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace RuleOfLaw.Grains.Common;

/// <summary>
/// The project's own meter and activity source. Instruments are created once per process
/// through <see cref="IMeterFactory"/> so tests can observe them with a MetricCollector.
/// </summary>
public sealed class RuleOfLawMetrics
{
    public const string MeterName = "RuleOfLaw";
    public const string ActivitySourceName = "RuleOfLaw";

    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    private readonly Counter<long> _reportsAcknowledged;
    private readonly Counter<long> _transitions;
    private readonly Histogram<double> _acknowledgementLatency;
    private readonly Histogram<double> _pushLag;
    private readonly Counter<long> _deltasPushed;

    public RuleOfLawMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _reportsAcknowledged = meter.CreateCounter<long>(
            "ruleoflaw.reports.acknowledged", "{report}", "New reports appended durably and acknowledged.");
        _transitions = meter.CreateCounter<long>(
            "ruleoflaw.incident.transitions", "{transition}", "Accepted incident transitions, by command.");
        _acknowledgementLatency = meter.CreateHistogram<double>(
            "ruleoflaw.command.acknowledgement.duration", "ms", "Receipt of an HTTP command to its durable acknowledgement.");
        _pushLag = meter.CreateHistogram<double>(
            "ruleoflaw.live.push.lag", "ms", "Commit of a change to its hand-over to SignalR on the node that pushes it.");
        _deltasPushed = meter.CreateCounter<long>(
            "ruleoflaw.live.deltas.pushed", "{delta}", "Deltas handed to SignalR groups.");
    }

    public void TransitionAccepted(string command, bool isReport)
    {
        _transitions.Add(1, new KeyValuePair<string, object?>("command", command));
        if (isReport)
        {
            _reportsAcknowledged.Add(1);
        }
    }

    public void CommandAcknowledged(string command, string outcome, TimeSpan elapsed) =>
        _acknowledgementLatency.Record(
            elapsed.TotalMilliseconds,
            new KeyValuePair<string, object?>("command", command),
            new KeyValuePair<string, object?>("outcome", outcome));

    public void DeltaPushed(TimeSpan lag, int groups)
    {
        _pushLag.Record(Math.Max(0, lag.TotalMilliseconds));
        _deltasPushed.Add(groups);
    }
}
