using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Catalogue;

namespace RuleOfLaw.Grains.Users;

/// <summary>One account seeded at the first start of an empty store.</summary>
public sealed record DemoAccount(string Login, string DisplayNameZh, string DisplayNameEn, UserScope Scope);

/// <summary>
/// The accounts a fresh store starts with: one per role over real codes of the demo district, so the
/// closed loop can be walked at once, and a field team's member (a unit handler whose unit is a
/// team, who works from a phone). Passwords are not part of the plan: each first start draws new ones.
/// </summary>
public static class DemoAccounts
{
    /// <summary>The unit the demo handler works for: the power list's lead unit for urban management.</summary>
    public const string HandlerUnit = "law-enforcement";

    /// <summary>The field team the demo team member works in: a squadron of the handler's unit.</summary>
    public const string FieldTeam = "law-enforcement-team-1";

    /// <summary>Where the README's walk reports: the grid at the district's centre.</summary>
    public const double PatrolLongitude = 105.84;
    public const double PatrolLatitude = 32.43;

    public static IReadOnlyList<DemoAccount> Plan(AreaDirectory areas, CatalogueBook catalogue)
    {
        var district = areas.District.Code;
        var grid = areas.Resolve(PatrolLongitude, PatrolLatitude)?.GridCode is { } code
            ? AreaCode.Parse(code)
            : areas.GridsUnder(district.Value)[0].Code;
        var unit = catalogue.FindUnit(HandlerUnit) ?? catalogue.Units[0];
        var team = catalogue.FindUnit(FieldTeam) ?? catalogue.Units.First(candidate => candidate.Kind == UnitKind.FieldTeam);
        return
        [
            new("gridworker", "网格员（演示）", "Grid worker (demo)", new UserScope(Role.GridWorker, grid, null)),
            new("intake", "受理员（演示）", "Intake (demo)", new UserScope(Role.Intake, district, null)),
            new("shiftleader", "值班长（演示）", "Shift leader (demo)", new UserScope(Role.ShiftLeader, district, null)),
            new("dispatcher", "派遣员（演示）", "Dispatcher (demo)", new UserScope(Role.Dispatcher, district, null)),
            new("handler", "专业部门人员（演示）", "Unit handler (demo)", new UserScope(Role.UnitHandler, AreaCode.Parse(unit.AreaCode), unit.Id)),
            new("fieldteam", "外勤队员（演示）", "Field team member (demo)", new UserScope(Role.UnitHandler, AreaCode.Parse(team.AreaCode), team.Id)),
            new("leader", "领导（演示）", "Leader (demo)", new UserScope(Role.Leader, district, null)),
            new("admin", "管理员", "Administrator", new UserScope(Role.Administrator, district, null)),
        ];
    }

    /// <summary>Only the administrator: production stores start with one account and add the rest.</summary>
    public static IReadOnlyList<DemoAccount> AdministratorOnly(AreaDirectory areas, CatalogueBook catalogue) =>
        [.. Plan(areas, catalogue).Where(account => account.Scope.Role == Role.Administrator)];
}
