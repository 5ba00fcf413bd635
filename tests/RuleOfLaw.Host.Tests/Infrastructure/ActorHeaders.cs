using RuleOfLaw.Grains.Actors;

namespace RuleOfLaw.Host.Tests.Infrastructure;

/// <summary>The development scheme's X-Actor-* headers for one actor.</summary>
public static class ActorHeaders
{
    public const string UserHeader = "X-Actor-User";
    public const string RoleHeader = "X-Actor-Role";
    public const string AreaHeader = "X-Actor-Area";
    public const string UnitHeader = "X-Actor-Unit";

    public static IEnumerable<(string Name, string Value)> For(Role role, string area, string? unit = null, string? user = null)
    {
        yield return (UserHeader, user ?? DefaultUser(role, unit));
        yield return (RoleHeader, role.ToString());
        yield return (AreaHeader, area);
        if (unit is not null)
        {
            yield return (UnitHeader, unit);
        }
    }

    /// <summary>A stable user per role (and unit), so the history names who acted.</summary>
    public static string DefaultUser(Role role, string? unit = null) => role switch
    {
        Role.GridWorker => "gw-test",
        Role.Intake => "intake-test",
        Role.ShiftLeader => "shift-leader-test",
        Role.Dispatcher => "dispatcher-test",
        Role.UnitHandler => $"handler-{unit}",
        Role.Leader => "leader-test",
        _ => "admin-test",
    };
}
