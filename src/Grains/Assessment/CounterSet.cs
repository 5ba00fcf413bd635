namespace RuleOfLaw.Grains.Assessment;

/// <summary>
/// The assessment counters (目标考核计数) of one case, one day or one period, as defined in
/// docs/assessment.md. Report counters are anchored on the report date, case counters on the
/// registration (立案) date, both in Asia/Shanghai; a period sums the days it covers.
/// </summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Assessment.CounterSet")]
public sealed record CounterSet
{
    /// <summary>上报数: reports made (merged duplicates count once, on the case they were merged into). Report counter.</summary>
    [Id(0)] public int Reported { get; init; }

    /// <summary>有效上报数: reports that were registered (立案) or self-handled and closed. Report counter.</summary>
    [Id(1)] public int ValidReports { get; init; }

    /// <summary>自处理结案数: reports the grid worker fixed on the spot and that were closed without registration. Report counter.</summary>
    [Id(2)] public int SelfHandledClosed { get; init; }

    /// <summary>回访数: closed cases whose reporter was revisited (the latest revisit counts). Report counter.</summary>
    [Id(3)] public int Revisited { get; init; }

    /// <summary>满意数: revisits rated satisfied or basically satisfied. Report counter.</summary>
    [Id(4)] public int Satisfied { get; init; }

    /// <summary>异议数: revisits that disputed the closure (and so reopened the case). Report counter.</summary>
    [Id(5)] public int Disputed { get; init; }

    /// <summary>立案数: registered cases. Case counter.</summary>
    [Id(6)] public int Registered { get; init; }

    /// <summary>挂账数: registered cases hung right now. A hung case counts here only and in no other case counter.</summary>
    [Id(7)] public int Hung { get; init; }

    /// <summary>应结案数 = 立案数 − 挂账数. Case counter.</summary>
    [Id(8)] public int DueToClose { get; init; }

    /// <summary>结案数: registered cases in state Closed (any closure kind). Case counter.</summary>
    [Id(9)] public int Closed { get; init; }

    /// <summary>按期结案数: closed, closure kind not overdue, and the handling clock never went late. Case counter.</summary>
    [Id(10)] public int ClosedOnTime { get; init; }

    /// <summary>应处置数: registered cases, not hung, that are (or were last) with a unit. Case counter.</summary>
    [Id(11)] public int DueToHandle { get; init; }

    /// <summary>处置数: cases due to handle whose handling stands reported (handled, checking, pending close, closed). Case counter.</summary>
    [Id(12)] public int Handled { get; init; }

    /// <summary>按期处置数: handled, and the handling clock never went late. Case counter.</summary>
    [Id(13)] public int HandledOnTime { get; init; }

    /// <summary>派遣数: times a case was sent to a unit: the dispatcher's dispatches plus re-dispatches by rework. Case counter.</summary>
    [Id(14)] public int Dispatches { get; init; }

    /// <summary>返工数: reworks (failed checks and disputed closures). Case counter.</summary>
    [Id(15)] public int Rework { get; init; }

    /// <summary>延期数: cases granted at least one extension. Case counter.</summary>
    [Id(16)] public int Extended { get; init; }

    /// <summary>超期数: cases whose handling clock went late. Case counter.</summary>
    [Id(17)] public int Overdue { get; init; }

    /// <summary>公众举报数 (漏报): registered cases that came from citizens (hotline, public, media, petition) rather than a grid worker's patrol. Case counter.</summary>
    [Id(18)] public int PublicReports { get; init; }

    public static CounterSet Zero { get; } = new();

    public bool IsZero => this == Zero;

    public CounterSet Plus(CounterSet other) => Combine(this, other, 1);

    public CounterSet Minus(CounterSet other) => Combine(this, other, -1);

    /// <summary>Every counter by its name, for documents and tests that go over all of them.</summary>
    public IReadOnlyDictionary<string, int> ByName() => new Dictionary<string, int>
    {
        [nameof(Reported)] = Reported,
        [nameof(ValidReports)] = ValidReports,
        [nameof(SelfHandledClosed)] = SelfHandledClosed,
        [nameof(Revisited)] = Revisited,
        [nameof(Satisfied)] = Satisfied,
        [nameof(Disputed)] = Disputed,
        [nameof(Registered)] = Registered,
        [nameof(Hung)] = Hung,
        [nameof(DueToClose)] = DueToClose,
        [nameof(Closed)] = Closed,
        [nameof(ClosedOnTime)] = ClosedOnTime,
        [nameof(DueToHandle)] = DueToHandle,
        [nameof(Handled)] = Handled,
        [nameof(HandledOnTime)] = HandledOnTime,
        [nameof(Dispatches)] = Dispatches,
        [nameof(Rework)] = Rework,
        [nameof(Extended)] = Extended,
        [nameof(Overdue)] = Overdue,
        [nameof(PublicReports)] = PublicReports,
    };

    public static CounterSet Sum(IEnumerable<CounterSet> sets) => sets.Aggregate(Zero, (total, set) => total.Plus(set));

    private static CounterSet Combine(CounterSet a, CounterSet b, int sign) => new()
    {
        Reported = a.Reported + (sign * b.Reported),
        ValidReports = a.ValidReports + (sign * b.ValidReports),
        SelfHandledClosed = a.SelfHandledClosed + (sign * b.SelfHandledClosed),
        Revisited = a.Revisited + (sign * b.Revisited),
        Satisfied = a.Satisfied + (sign * b.Satisfied),
        Disputed = a.Disputed + (sign * b.Disputed),
        Registered = a.Registered + (sign * b.Registered),
        Hung = a.Hung + (sign * b.Hung),
        DueToClose = a.DueToClose + (sign * b.DueToClose),
        Closed = a.Closed + (sign * b.Closed),
        ClosedOnTime = a.ClosedOnTime + (sign * b.ClosedOnTime),
        DueToHandle = a.DueToHandle + (sign * b.DueToHandle),
        Handled = a.Handled + (sign * b.Handled),
        HandledOnTime = a.HandledOnTime + (sign * b.HandledOnTime),
        Dispatches = a.Dispatches + (sign * b.Dispatches),
        Rework = a.Rework + (sign * b.Rework),
        Extended = a.Extended + (sign * b.Extended),
        Overdue = a.Overdue + (sign * b.Overdue),
        PublicReports = a.PublicReports + (sign * b.PublicReports),
    };
}
