using RuleOfLaw.Grains.Areas;

namespace RuleOfLaw.Grains.Access;

/// <summary>
/// What a door opens onto, reduced to what reach is measured against: the area it lies in and
/// the unit it belongs to. A case lies in its grid and belongs to the unit it is dispatched to;
/// a unit lies in its own area; a person lies in their area and unit and is themselves.
/// </summary>
public readonly record struct AccessTarget(AreaCode? Area, string? UnitId, string? UserId = null)
{
    /// <summary>A door without a target (a list of reference data, one's own position).</summary>
    public static AccessTarget None => default;

    public static AccessTarget OfArea(AreaCode area) => new(area, null);

    public static AccessTarget OfIncident(string gridCode, string? assignedUnitId) => new(AreaCode.Parse(gridCode), assignedUnitId);

    public static AccessTarget OfUnit(string unitId, string unitAreaCode) => new(AreaCode.Parse(unitAreaCode), unitId);

    /// <summary>A person (a user account): their area of work, their unit if any, and who they are.</summary>
    public static AccessTarget OfPerson(string userId, AreaCode area, string? unitId) => new(area, unitId, userId);
}
