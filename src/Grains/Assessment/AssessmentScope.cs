using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Live;

namespace RuleOfLaw.Grains.Assessment;

/// <summary>What an assessment is about: an area of any level (grid included), a unit, or a person.</summary>
public enum AssessmentScopeKind
{
    Area,
    Unit,
    Person,
}

/// <summary>
/// One scope of the assessment. Grids, units and people keep the tallies of their own cases
/// (<see cref="ICaseLedgerGrain"/>); communities, streets and districts sum their children's day
/// tables (<see cref="IAreaAssessmentGrain"/>), reported upward at most once a second, so no area
/// grain sits on the command path.
/// </summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Assessment.AssessmentScope")]
public readonly record struct AssessmentScope(
    [property: Id(0)] AssessmentScopeKind Kind,
    [property: Id(1)] string Key)
{
    public static AssessmentScope OfArea(AreaCode code) => new(AssessmentScopeKind.Area, code.Value);

    public static AssessmentScope OfUnit(string unitId) => new(AssessmentScopeKind.Unit, unitId);

    public static AssessmentScope OfPerson(string userId) => new(AssessmentScopeKind.Person, userId);

    /// <summary>Whether the scope's cases are held one by one (grid, unit, person) rather than summed from children.</summary>
    public bool HoldsCases => Kind != AssessmentScopeKind.Area || AreaCode.Parse(Key).IsGrid;

    /// <summary>The key of the <see cref="ICaseLedgerGrain"/> of a grid, unit or person.</summary>
    public string LedgerKey => Kind switch
    {
        AssessmentScopeKind.Area => $"grid:{Key}",
        AssessmentScopeKind.Unit => $"unit:{Key}",
        _ => $"person:{Key}",
    };

    /// <summary>The SignalR group of the scope's pushes (see <c>Topics</c>).</summary>
    public string Topic => $"assessment:{Kind.ToString().ToLowerInvariant()}:{Key}";

    /// <summary>Reads a <see cref="LedgerKey"/> back.</summary>
    public static AssessmentScope FromLedgerKey(string ledgerKey)
    {
        var colon = ledgerKey.IndexOf(':', StringComparison.Ordinal);
        var key = ledgerKey[(colon + 1)..];
        return ledgerKey[..colon] switch
        {
            "grid" => new(AssessmentScopeKind.Area, key),
            "unit" => new(AssessmentScopeKind.Unit, key),
            "person" => new(AssessmentScopeKind.Person, key),
            _ => throw new FormatException($"'{ledgerKey}' is not an assessment ledger key."),
        };
    }

    /// <summary>For logs and test messages: <c>area 510802001</c>, <c>unit police</c>, <c>person gw-01</c>.</summary>
    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()} {Key}";

    /// <summary>The grain that answers for this scope.</summary>
    public IAssessmentGrain Grain(IGrainFactory grains) => HoldsCases
        ? grains.GetGrain<ICaseLedgerGrain>(LedgerKey)
        : grains.GetGrain<IAreaAssessmentGrain>(Key);
}

/// <summary>A child area's counters over a period (for street rankings).</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Assessment.ChildCounters")]
public sealed record ChildCounters(
    [property: Id(0)] string Code,
    [property: Id(1)] CounterSet Counters);

/// <summary>
/// What a subscribed dashboard receives for one scope, at most once a second and only when it
/// changed: the counters and rates of the current month (Asia/Shanghai), [From, To).
/// </summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Assessment.AssessmentUpdate")]
public sealed record AssessmentUpdate(
    [property: Id(0)] string Topic,
    [property: Id(1)] AssessmentScopeKind Scope,
    [property: Id(2)] string Key,
    [property: Id(3)] DateOnly From,
    [property: Id(4)] DateOnly To,
    [property: Id(5)] CounterSet Counters,
    [property: Id(6)] AssessmentRates Rates,
    [property: Id(7)] DateTimeOffset At) : LiveUpdate
{
    public override string Supersedes => Topic;

    public override long Order => At.UtcTicks;
}

/// <summary>The assessment of one scope: counters over any period.</summary>
[Alias("RuleOfLaw.Grains.Assessment.IAssessmentGrain")]
public interface IAssessmentGrain : IGrainWithStringKey
{
    /// <summary>The sum of the day buckets in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    [Alias("Counters")]
    Task<CounterSet> Counters(DateOnly from, DateOnly to);

    /// <summary>Every day bucket held.</summary>
    [Alias("Daily")]
    Task<DailyCounters> Daily();

    /// <summary>The current month's counters as a subscriber's first snapshot.</summary>
    [Alias("Current")]
    Task<AssessmentUpdate> Current();
}

/// <summary>
/// The assessment of a grid, unit or person: the latest tally of each of its cases, by version,
/// so a repeated or late change is never counted twice; rebuilt from the store on activation.
/// </summary>
[Alias("RuleOfLaw.Grains.Assessment.ICaseLedgerGrain")]
public interface ICaseLedgerGrain : IAssessmentGrain
{
    /// <summary>
    /// The case's tally at <paramref name="version"/>, or null when the case no longer belongs to
    /// this scope (a unit that lost it); older versions than the one held are ignored.
    /// </summary>
    [Alias("Apply")]
    Task Apply(string incidentId, int version, CaseTally? tally);
}

/// <summary>A community, street or district: the sum of its children's day tables.</summary>
[Alias("RuleOfLaw.Grains.Assessment.IAreaAssessmentGrain")]
public interface IAreaAssessmentGrain : IAssessmentGrain
{
    /// <summary>A child's whole day table; the latest report of each child replaces the previous one.</summary>
    [Alias("ReportChild")]
    Task ReportChild(string childCode, DailyCounters counters);

    /// <summary>Each child's counters over [<paramref name="from"/>, <paramref name="to"/>), children without cases omitted.</summary>
    [Alias("Children")]
    Task<IReadOnlyList<ChildCounters>> Children(DateOnly from, DateOnly to);
}
