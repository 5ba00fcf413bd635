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
    /// True when the handling clock went past its due time (stopped late, or turned red while
    /// running): the clock model's record of late step kinds (<see cref="IncidentRecord.Late"/>) holds Handling.
    /// </summary>
    public static bool HandlingWentLate(IncidentRecord record) => record.Late.Contains(ClockKind.Handling);
}
