namespace RuleOfLaw.Bench.Measurements;

/// <summary>Everything one load step measures inside its window.</summary>
public sealed class StepMeasurements(MeasurementWindow window)
{
    public MeasurementWindow Window { get; } = window;

    /// <summary>Reports due inside the window (by intended send time).</summary>
    public WindowCounter ReportsOffered { get; } = new();

    /// <summary>Reports acknowledged (by time of the answer).</summary>
    public WindowCounter ReportsAcknowledged { get; } = new();

    /// <summary>Intended send time → acknowledgement, for reports due inside the window.</summary>
    public LatencyHistogram ReportAck { get; } = new();

    public WindowCounter Transitions { get; } = new();

    /// <summary>Send → acknowledgement of closed-loop steps (each is sent as soon as the previous one is acknowledged).</summary>
    public LatencyHistogram TransitionAck { get; } = new();

    public WindowCounter LoopsCompleted { get; } = new();

    /// <summary>Server receipt of a command (delta.receivedAt) → a dashboard's receipt of the delta.</summary>
    public LatencyHistogram ReportToDashboard { get; } = new();

    /// <summary>Deltas received, summed over every dashboard (one delta to one dashboard is one delivery).</summary>
    public WindowCounter Deliveries { get; } = new();

    /// <summary>Hub messages received, summed over dashboards (a message carries one or more deltas).</summary>
    public WindowCounter DashboardMessages { get; } = new();

    public WindowCounter PositionsOffered { get; } = new();

    /// <summary>Position updates written to a hub connection (SendAsync has no acknowledgement).</summary>
    public WindowCounter PositionsSent { get; } = new();

    /// <summary>Position updates pushed to dashboards (one subject's move to one dashboard is one), summed over dashboards.</summary>
    public WindowCounter PositionPushes { get; } = new();

    public ErrorCounter Errors { get; } = new();
}
