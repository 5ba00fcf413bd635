using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Clocks;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Incidents;

namespace RuleOfLaw.Domain.Tests.Incidents;

/// <summary>A tiny, fixed world for the pure rule: one subcategory, two units, two grids.</summary>
internal sealed class FixedContext : ILifecycleContext
{
    public const string Grid = "510802001002007";
    public const string OtherStreetGrid = "510802008001001";
    public const string LeadUnit = "law-enforcement";
    public const string OtherUnit = "housing";

    public static readonly Subcategory Garbage = new(
        "CG01",
        "CG",
        new LocalizedText("暴露垃圾", "Exposed garbage"),
        new LocalizedText("可见", "Visible"),
        new TimeLimit(4, TimeLimitUnit.WorkingHours),
        new LocalizedText("清理完毕", "Cleared"),
        LeadUnit,
        [],
        new LegalBasis(new LocalizedText("城市市容和环境卫生管理条例", "Regulations on City Appearance"), new LocalizedText("第二十八条", "Article 28")));

    public Subcategory? FindSubcategory(string code) => code == Garbage.Code ? Garbage : null;

    public bool IsKnownUnit(string unitId) => unitId is LeadUnit or OtherUnit;

    /// <summary>Both units are district departments unless a test names a street office.</summary>
    public string? StreetOffice { get; init; }

    public string? DistrictDepartmentOf(string unitId) => IsKnownUnit(unitId) && unitId != StreetOffice ? unitId : null;

    public string LeadUnitFor(Subcategory subcategory, string gridCode) => LeadUnit;

    public ClockSettings Clocks { get; init; } = ClockSettings.Default(WorkCalendar.Standard());

    /// <summary>West of 105.9 is the first grid, east of it (up to 106) a grid in another street, beyond that nothing.</summary>
    public GridPlacement? Place(double longitude, double latitude) => longitude switch
    {
        < 105.9 => new GridPlacement(Grid, "interior", []),
        < 106.0 => new GridPlacement(OtherStreetGrid, "interior", []),
        _ => null,
    };
}

internal static class Actors
{
    public static readonly AreaCode District = AreaCode.Parse("510802");

    public static Actor Of(Role role) => role switch
    {
        Role.GridWorker => new Actor("gw-1", role, null, AreaCode.Parse("510802001002")),
        Role.UnitHandler => new Actor("unit-user", role, FixedContext.LeadUnit, District),
        _ => new Actor($"{role}-user".ToLowerInvariant(), role, null, District),
    };
}

internal static class Cases
{
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 30, 0, TimeSpan.FromHours(8));

    public static ReportIncident Report(Actor? actor = null, IncidentSource source = IncidentSource.Patrol, double longitude = 105.84) =>
        new(actor ?? Actors.Of(Role.GridWorker), "CG01", "路边堆放生活垃圾约两立方米", longitude, 32.43, "东坝街道万缘路12号", source, false, ["photo/before-1.jpg"]);

    /// <summary>The id of <see cref="InState"/>'s case.</summary>
    public const string CaseId = "0196a0c5-0000-7000-8000-000000000001";

    /// <summary>An open case of the same category in the same grid, to merge into.</summary>
    public const string OriginalId = "0196a0c5-0000-7000-8000-000000000000";

    public static readonly MergeTarget Original = new(OriginalId, IncidentState.Registered, "CG", FixedContext.Grid, null, null);

    /// <summary>A case in the given state with an assigned unit where the state implies one; merged into <see cref="OriginalId"/> when asked.</summary>
    public static IncidentRecord InState(IncidentState state, PendingRequestKind? pending = null, IncidentSource source = IncidentSource.Hotline, bool merged = false)
    {
        var reported = new ReportedFacts(
            "CG", "CG01", "垃圾", 105.84, 32.43, null, source, false, new GridPlacement(FixedContext.Grid, "interior", []), FixedContext.Garbage.HandlingLimit);
        var assigned = state is IncidentState.Dispatched or IncidentState.InProgress or IncidentState.Hung
            or IncidentState.Handled or IncidentState.Checking or IncidentState.PendingClose or IncidentState.Closed;
        return new IncidentRecord(
            CaseId, 5, state, reported, "gw-1", ["photo/before-1.jpg"], Now.AddHours(-2), Now.AddHours(-1),
            assigned ? FixedContext.LeadUnit : null,
            assigned ? FixedContext.LeadUnit : null,
            assigned ? Now.AddHours(-1) : null,
            0,
            [],
            pending is { } kind ? new PendingRequest(kind, "unit-user", Now.AddMinutes(-30), kind == PendingRequestKind.Extension ? new TimeLimit(2, TimeLimitUnit.WorkingDays) : null) : null,
            null)
        {
            MergedInto = merged ? OriginalId : null,
        };
    }

    /// <summary>A well-formed command of each kind, with a reason and a photo so that only the rule can refuse it.</summary>
    public static IncidentCommand Command(CommandKind kind, Actor actor, bool affirmed = true) => kind switch
    {
        CommandKind.Report => Report(actor),
        CommandKind.Verify or CommandKind.Check or CommandKind.DecideReturn or CommandKind.DecideExtension or CommandKind.DecideHang =>
            new VerdictCommand(kind, affirmed, actor, "现场核实情况", ["photo/check.jpg"]),
        CommandKind.Dispatch => new DispatchIncident(actor, null, null, []),
        CommandKind.RequestExtension => new RequestExtension(actor, new TimeLimit(2, TimeLimitUnit.WorkingDays), "需要调配机械", []),
        CommandKind.Close => new CloseIncident(actor, ClosureKind.Normal, null, []),
        CommandKind.FlagDuplicate => new FlagDuplicate(actor, [OriginalId]),
        CommandKind.Merge => new MergeIncident(actor, OriginalId, "同一处垃圾", [], Original),
        CommandKind.Revisit => new RevisitIncident(actor, affirmed ? Satisfaction.Satisfied : Satisfaction.Dissatisfied, !affirmed, "回访记录", []),
        _ => new StepCommand(kind, actor, "按规定处理", ["photo/after.jpg"]),
    };
}
