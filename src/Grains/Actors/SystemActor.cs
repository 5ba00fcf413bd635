using RuleOfLaw.Grains.Areas;

namespace RuleOfLaw.Grains.Actors;

/// <summary>
/// The actor of events no person issued (the duplicate flag, clocks, escalation). It never comes
/// through a grain call (the actor check would find no account): grains decide its steps themselves.
/// </summary>
public static class SystemActor
{
    public const string UserId = "system";

    /// <summary>
    /// Scoped to the demo district's code for form only: the policy table lets the system role
    /// through its doors anywhere, so the scope never decides anything.
    /// </summary>
    public static Actor Instance { get; } = new(UserId, Role.System, null, AreaCode.Parse(DemoDistrictGenerator.DistrictCode));
}
