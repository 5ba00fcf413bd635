using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Incidents;

namespace RuleOfLaw.Grains.Access;

/// <summary>One door: a <see cref="Access.Permission"/>, or one step of the closed loop (reporting is the first).</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Access.Door")]
public readonly record struct Door(
    [property: Id(0)] Permission? Permission,
    [property: Id(1)] CommandKind? Step)
{
    public static Door Of(Permission permission) => new(permission, null);

    public static Door OfStep(CommandKind step) => new(null, step);

    /// <summary>What the door lets one do, for refusals.</summary>
    public LocalizedText Label => Step is { } step ? IncidentLabels.Of(step) : AccessLabels.Of(Permission!.Value);

    /// <summary>Stable name for tests and logs: the permission, or <c>step:Register</c>.</summary>
    public override string ToString() => Step is { } step ? $"step:{step}" : Permission!.Value.ToString();
}
