using System.Diagnostics.Metrics;
using RuleOfLaw.Grains.Common;

namespace RuleOfLaw.Web.Protection;

/// <summary>
/// Refusals are counted, not logged: a runaway script would otherwise write a log line per refused
/// request, and the line would have to name the user.
/// </summary>
public sealed class ProtectionMetrics
{
    public const string Http = "http";
    public const string Hub = "hub";

    private readonly Counter<long> _refused;

    public ProtectionMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(RuleOfLawMetrics.MeterName);
        _refused = meter.CreateCounter<long>(
            "ruleoflaw.rate_limit.refusals", "{request}", "Requests and hub invocations refused by a per-user rate limit, by limit and transport.");
    }

    public void Refused(LimitKind kind, string transport) =>
        _refused.Add(1, new KeyValuePair<string, object?>("limit", kind.ToString()), new KeyValuePair<string, object?>("transport", transport));
}
