using RuleOfLaw.Grains.Incidents;

namespace RuleOfLaw.Web.Incidents;

/// <summary>The URL segment of each step (<c>POST /api/incidents/{id}/{segment}</c>), one place for both directions.</summary>
public static class CommandRoutes
{
    private static readonly Dictionary<CommandKind, string> SegmentByKind = Enum.GetValues<CommandKind>()
        .ToDictionary(kind => kind, ToKebab);

    public static string Segment(CommandKind kind) => SegmentByKind[kind];

    public static IReadOnlyList<string> Segments(IEnumerable<CommandKind> kinds) => kinds.Select(Segment).ToList();

    private static string ToKebab(CommandKind kind) =>
        string.Concat(kind.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
