using RuleOfLaw.Grains.Common;

namespace RuleOfLaw.Grains.Teams;

/// <summary>
/// The canonical meaning of a field team's status (domain.md §4). A district may call them by
/// local names; each local name maps onto one of these, which is what rules and KPIs read.
/// </summary>
public enum TeamStatus
{
    /// <summary>空闲待命: ready for a task.</summary>
    Available,

    /// <summary>已派遣: given a task, not yet moving.</summary>
    Dispatched,

    /// <summary>在途: on the way to the scene.</summary>
    EnRoute,

    /// <summary>到场处置: working at the scene.</summary>
    OnScene,

    /// <summary>返程: on the way back.</summary>
    Returning,

    /// <summary>暂停服务: off duty, maintenance, training.</summary>
    OutOfService,
}

/// <summary>Which status may follow which, and how long a team may stay in one before the console is warned.</summary>
public static class TeamStatusRules
{
    private static readonly Dictionary<TeamStatus, TeamStatus[]> Next = new()
    {
        [TeamStatus.Available] = [TeamStatus.Dispatched, TeamStatus.OutOfService],
        [TeamStatus.Dispatched] = [TeamStatus.EnRoute, TeamStatus.Available, TeamStatus.OutOfService],
        [TeamStatus.EnRoute] = [TeamStatus.OnScene, TeamStatus.Returning, TeamStatus.Available],
        [TeamStatus.OnScene] = [TeamStatus.Returning, TeamStatus.Available],
        [TeamStatus.Returning] = [TeamStatus.Available, TeamStatus.Dispatched],
        [TeamStatus.OutOfService] = [TeamStatus.Available],
    };

    /// <summary>The statuses a team in <paramref name="from"/> may change to.</summary>
    public static IReadOnlyList<TeamStatus> From(TeamStatus from) => Next[from];

    public static bool Allows(TeamStatus from, TeamStatus to) => Next[from].Contains(to);

    /// <summary>Defaults a node replaces from configuration: a team dispatched 5 min without moving off is a warning.</summary>
    public static IReadOnlyDictionary<TeamStatus, TimeSpan> DefaultThresholds { get; } = new Dictionary<TeamStatus, TimeSpan>
    {
        [TeamStatus.Dispatched] = TimeSpan.FromMinutes(5),
        [TeamStatus.EnRoute] = TimeSpan.FromMinutes(30),
        [TeamStatus.OnScene] = TimeSpan.FromHours(4),
        [TeamStatus.Returning] = TimeSpan.FromMinutes(45),
    };

    public static LocalizedText Label(TeamStatus status) => status switch
    {
        TeamStatus.Available => Text.Of("空闲待命", "Available"),
        TeamStatus.Dispatched => Text.Of("已派遣", "Dispatched"),
        TeamStatus.EnRoute => Text.Of("在途", "En route"),
        TeamStatus.OnScene => Text.Of("到场处置", "On scene"),
        TeamStatus.Returning => Text.Of("返程", "Returning"),
        _ => Text.Of("暂停服务", "Out of service"),
    };
}
