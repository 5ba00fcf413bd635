using RuleOfLaw.Grains.Areas;

namespace RuleOfLaw.Grains.Actors;

/// <summary>The roles of domain.md §3; each transition names the roles that may perform it.</summary>
public enum Role
{
    /// <summary>网格员: reports, verifies, checks and self-handles in their grid.</summary>
    GridWorker,

    /// <summary>受理员: registers intake cases, rejects, sends verification and check tasks.</summary>
    Intake,

    /// <summary>值班长: registers, voids and closes.</summary>
    ShiftLeader,

    /// <summary>派遣员: dispatches and decides returns, extensions and hangs.</summary>
    Dispatcher,

    /// <summary>专业部门: a unit's handler signs, returns, asks for extension or hang, reports handling.</summary>
    UnitHandler,

    /// <summary>领导: watches; assignment and supervision orders come with later issues.</summary>
    Leader,

    /// <summary>管理员: maintains areas, catalogue and users.</summary>
    Administrator,

    /// <summary>
    /// 系统: the platform's own steps (clocks, escalation, the duplicate flag). No person signs in
    /// with it: see <see cref="Roles.People"/>.
    /// </summary>
    System,
}

public static class Roles
{
    /// <summary>The roles a person may hold: every role but <see cref="Role.System"/>.</summary>
    public static IReadOnlyList<Role> People { get; } = [.. Enum.GetValues<Role>().Where(IsPerson)];

    public static bool IsPerson(this Role role) => Enum.IsDefined(role) && role != Role.System;

    /// <summary>The names a person's role may be given by, for error messages and sign-in mappings.</summary>
    public static IReadOnlyList<string> PeopleNames { get; } = [.. People.Select(role => role.ToString())];
}

/// <summary>
/// Who performs a command: user, role, unit and the area they have jurisdiction over.
/// Every command carries one, so grains enforce role and jurisdiction rules themselves.
/// </summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Actors.Actor")]
public sealed record Actor(
    [property: Id(0)] string UserId,
    [property: Id(1)] Role Role,
    [property: Id(2)] string? UnitId,
    [property: Id(3)] AreaCode AreaScope)
{
    /// <summary>True when the actor's jurisdiction includes <paramref name="code"/>.</summary>
    public bool HasJurisdictionOver(AreaCode code) => AreaScope.Contains(code);
}
