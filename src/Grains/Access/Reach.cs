namespace RuleOfLaw.Grains.Access;

/// <summary>How far a role's permission reaches from the actor's own jurisdiction.</summary>
public enum Reach
{
    /// <summary>Whatever the target: reference data, one's own position, node diagnostics.</summary>
    Anywhere,

    /// <summary>Targets inside the actor's area (a grid worker's area is their grid).</summary>
    Jurisdiction,

    /// <summary>Targets of the actor's own unit: the unit itself, or cases dispatched to it.</summary>
    OwnUnit,

    /// <summary>Only the actor's own records (their own assessment).</summary>
    Self,
}
