using RuleOfLaw.Grains.Common;

namespace RuleOfLaw.Grains.Catalogue;

/// <summary>How a handling time limit is counted (domain.md §2).</summary>
public enum TimeLimitUnit
{
    /// <summary>Continuous hours, used for urgent cases: the clock never stops.</summary>
    ContinuousHours,

    /// <summary>Hours inside the working calendar.</summary>
    WorkingHours,

    /// <summary>Days of the working calendar.</summary>
    WorkingDays,

    /// <summary>Calendar days.</summary>
    NaturalDays,
}

[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Catalogue.TimeLimit")]
public sealed record TimeLimit([property: Id(0)] int Value, [property: Id(1)] TimeLimitUnit Unit);

/// <summary>The law and article that empower an action (法律依据).</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Catalogue.LegalBasis")]
public sealed record LegalBasis([property: Id(0)] LocalizedText Law, [property: Id(1)] LocalizedText Article);

/// <summary>A top-level case category (事件大类).</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Catalogue.Category")]
public sealed record Category(
    [property: Id(0)] string Code,
    [property: Id(1)] LocalizedText Name,
    [property: Id(2)] LocalizedText DefaultOwner);

/// <summary>
/// One row of the power list (权责清单): what qualifies, how long handling may take, what counts
/// as done, who is responsible and under which law.
/// </summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Catalogue.Subcategory")]
public sealed record Subcategory(
    [property: Id(0)] string Code,
    [property: Id(1)] string CategoryCode,
    [property: Id(2)] LocalizedText Name,
    [property: Id(3)] LocalizedText RegistrationCondition,
    [property: Id(4)] TimeLimit HandlingLimit,
    [property: Id(5)] LocalizedText ClosureCondition,
    [property: Id(6)] string LeadUnit,
    [property: Id(7)] IReadOnlyList<string> SupportUnits,
    [property: Id(8)] LegalBasis LegalBasis);

/// <summary>The kind of a responsible unit (处置单位).</summary>
public enum UnitKind
{
    DistrictDepartment,
    StreetOffice,
    FieldTeam,
}

/// <summary>A unit that cases are dispatched to.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Catalogue.UnitInfo")]
public sealed record UnitInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] LocalizedText Name,
    [property: Id(2)] UnitKind Kind,
    [property: Id(3)] string AreaCode,
    [property: Id(4)] string? ParentUnitId);
