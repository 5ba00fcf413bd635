using RuleOfLaw.Grains.Clocks;
using RuleOfLaw.Grains.Incidents;

namespace RuleOfLaw.Grains.Assessment;

/// <summary>
/// The facts of a case record the assessment reads that other parts of the model own: whether the
/// case was merged into another (the duplicates stream) and whether its handling went late (the
/// clock model). Kept here, in one place, so the tally reads them the same way everywhere.
/// </summary>
public static class AssessmentFacts
{
    /// <summary>
    /// True when the case was merged into another (<see cref="IncidentRecord.MergedInto"/>) and so
    /// counts only there; undoing the merge makes it count on its own again.
    /// </summary>
    public static bool IsMergedAway(IncidentRecord record) => record.IsMerged;

    /// <summary>
    /// True when the handling clock of the unit the case is with, or was last with, went past its
    /// due time while the case was with that unit (stopped late, or turned red while running;
    /// <see cref="IncidentRecord.HandlingLateUnits"/>). A unit the case was returned from keeps its
    /// lateness to itself: it is not the next unit's, and a case awaiting redispatch is with nobody.
    /// </summary>
    public static bool HandlingWentLate(IncidentRecord record) =>
        record.AssignedUnitId is { } unit && record.HandlingLateUnits.Contains(unit);
}
