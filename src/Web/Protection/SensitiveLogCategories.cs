using Microsoft.Extensions.Logging;

namespace RuleOfLaw.Web.Protection;

/// <summary>
/// Framework log categories that print what must never reach a log when turned up: request URLs
/// (a WebSocket's <c>access_token</c> rides in the query string), request lines of malformed
/// requests, and hub messages with their arguments (positions, case text). Each has a floor that
/// configuration cannot lower: an operator who sets <c>Logging:LogLevel:Default</c> to Trace while
/// chasing a problem still gets no tokens or personal data. The product's own log messages never
/// carry them (they name ids and codes only).
/// </summary>
public static class SensitiveLogCategories
{
    public static readonly IReadOnlyList<(string Category, LogLevel Floor)> Floors =
    [
        // "Request starting HTTP/1.1 GET http://…/hubs/live?id=…&access_token=…" at Information.
        ("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning),

        // A malformed request's line (with its query string) at Debug.
        ("Microsoft.AspNetCore.Server.Kestrel.BadRequests", LogLevel.Warning),

        // Hub invocations with their arguments at Trace, and at Debug every refused invocation
        // with the refusal's text, which may quote what the caller sent.
        ("Microsoft.AspNetCore.SignalR", LogLevel.Information),

        // Every exception of a hub method at Error, refusals with their text included;
        // HubFailureLogging logs the failures that are not refusals instead.
        ("Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher", LogLevel.Critical),

        // Transport payloads at Trace.
        ("Microsoft.AspNetCore.Http.Connections", LogLevel.Debug),

        // Request and response headers and bodies, should anyone add the HTTP logging middleware.
        ("Microsoft.AspNetCore.HttpLogging", LogLevel.None),
    ];

    /// <summary>
    /// Raises every rule that would let a sensitive category log below its floor, and gives each
    /// provider a rule for the category at the floor or the level it inherits, whichever is higher. Runs after the
    /// configuration's rules are read (also on reload), so it has the last word.
    /// </summary>
    public static void Clamp(LoggerFilterOptions options)
    {
        foreach (var (category, floor) in Floors)
        {
            for (var i = 0; i < options.Rules.Count; i++)
            {
                var rule = options.Rules[i];
                if (rule.CategoryName is { } name && name.StartsWith(category, StringComparison.OrdinalIgnoreCase) && Level(rule, options) < floor)
                {
                    options.Rules[i] = new LoggerFilterRule(rule.ProviderName, rule.CategoryName, floor, rule.Filter);
                }
            }

            // Added even when the inherited level is high enough: it also overrides wildcard rules
            // ("Microsoft.AspNetCore.*") that the selection below does not follow.
            foreach (var provider in options.Rules.Select(rule => rule.ProviderName).Append(null).Distinct().ToList())
            {
                var inherited = Inherited(options, provider, category);
                options.Rules.Add(new LoggerFilterRule(provider, category, inherited > floor ? inherited : floor, filter: null));
            }
        }
    }

    /// <summary>
    /// The level a provider's logger of the category gets from the rules as they stand: the rule of
    /// that provider before a rule of every provider, then the longest matching category, then the
    /// last one (the selection ASP.NET Core's logger factory makes).
    /// </summary>
    private static LogLevel Inherited(LoggerFilterOptions options, string? provider, string category)
    {
        LoggerFilterRule? chosen = null;
        foreach (var rule in options.Rules)
        {
            if ((rule.ProviderName is not null && rule.ProviderName != provider)
                || (rule.CategoryName is { } name && !category.StartsWith(name, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (chosen is null || Outranks(rule, chosen))
            {
                chosen = rule;
            }
        }

        return chosen is null ? options.MinLevel : Level(chosen, options);
    }

    private static bool Outranks(LoggerFilterRule candidate, LoggerFilterRule current)
    {
        if ((candidate.ProviderName is null) != (current.ProviderName is null))
        {
            return candidate.ProviderName is not null;
        }

        return (candidate.CategoryName?.Length ?? 0) >= (current.CategoryName?.Length ?? 0);
    }

    private static LogLevel Level(LoggerFilterRule rule, LoggerFilterOptions options) => rule.LogLevel ?? options.MinLevel;
}
