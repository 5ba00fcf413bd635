using RuleOfLaw.Grains.Areas;

namespace RuleOfLaw.Grains.Actors;

/// <summary>The actor of events no person issued: a clock turning yellow or red, an escalation.</summary>
public static class SystemActor
{
    public const string UserId = "system";

    public static Actor Instance { get; } = new(UserId, Role.System, null, AreaCode.Parse(DemoDistrictGenerator.DistrictCode));
}
