using System.Diagnostics.CodeAnalysis;

namespace RuleOfLaw.Grains.Positions;

/// <summary>Who a position belongs to: a grid worker (by user id) or a field team (by unit id).</summary>
public enum SubjectKind
{
    Worker,
    Team,
}

/// <summary>
/// A located subject. <see cref="Key"/> ("worker:{userId}", "team:{teamId}") names its tracker
/// grain, its stored fixes and its live updates, so the two kinds never collide.
/// </summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Positions.PositionSubject")]
public readonly record struct PositionSubject(
    [property: Id(0)] SubjectKind Kind,
    [property: Id(1)] string Id)
{
    public string Key => $"{Prefix(Kind)}:{Id}";

    public static PositionSubject Worker(string userId) => new(SubjectKind.Worker, userId);

    public static PositionSubject Team(string teamId) => new(SubjectKind.Team, teamId);

    public static bool TryParse([NotNullWhen(true)] string? key, out PositionSubject subject)
    {
        subject = default;
        var colon = key?.IndexOf(':') ?? -1;
        if (colon <= 0 || colon == key!.Length - 1)
        {
            return false;
        }

        SubjectKind? kind = key[..colon] switch
        {
            "worker" => SubjectKind.Worker,
            "team" => SubjectKind.Team,
            _ => null,
        };
        if (kind is null)
        {
            return false;
        }

        subject = new PositionSubject(kind.Value, key[(colon + 1)..]);
        return true;
    }

    /// <summary>The route segment of a kind: /api/positions/{workers|teams}/{id}/...</summary>
    public static bool TryParseKind(string? segment, out SubjectKind kind)
    {
        (var known, kind) = segment switch
        {
            "workers" => (true, SubjectKind.Worker),
            "teams" => (true, SubjectKind.Team),
            _ => (false, default),
        };
        return known;
    }

    public override string ToString() => Key;

    private static string Prefix(SubjectKind kind) => kind == SubjectKind.Worker ? "worker" : "team";
}
