using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Common;

namespace RuleOfLaw.Grains.Users;

/// <summary>
/// Which role goes with which jurisdiction, and what a password must be. Each check names the
/// field it is about, so the API can answer with the fields a person has to fix.
/// </summary>
public static class UserRules
{
    public const int MinPasswordLength = 12;
    public const int MaxPasswordLength = 128;
    public const int MaxDisplayNameLength = 100;

    /// <summary>
    /// Checks a role with its area and unit against the district and the catalogue and returns the
    /// scope to store. A unit handler's jurisdiction is their unit's area, or the whole district;
    /// without an area it is the unit's area. A grid worker patrols a grid (or the grids of one
    /// community). Only unit handlers have a unit.
    /// </summary>
    public static UserScope? CheckScope(
        Role? role, string? area, string? unit, AreaDirectory areas, CatalogueBook catalogue, IDictionary<string, LocalizedText[]> errors)
    {
        if (role is not { } known || !known.IsPerson())
        {
            errors["role"] = [Text.Of(
                $"role 须为以下之一：{string.Join("、", Roles.PeopleNames)}。",
                $"role must be one of {string.Join(", ", Roles.PeopleNames)}.")];
            return null;
        }

        area = string.IsNullOrWhiteSpace(area) ? null : area.Trim();
        unit = string.IsNullOrWhiteSpace(unit) ? null : unit.Trim();
        if (known != Role.UnitHandler)
        {
            if (unit is not null)
            {
                errors["unit"] = [Text.Of("只有专业部门人员（UnitHandler）才有所属单位。", "Only a UnitHandler belongs to a unit.")];
            }

            var code = CheckArea(area, areas, errors);
            if (code is { } grid && known == Role.GridWorker && grid.Level is not (AreaLevel.Grid or AreaLevel.Community))
            {
                errors["area"] = [Text.Of("网格员的辖区须为一个网格（或一个社区的网格）。", "A GridWorker's area must be a grid (or a community's grids).")];
            }

            return errors.Count == 0 && code is { } ok ? new UserScope(known, ok, null) : null;
        }

        if (unit is null)
        {
            errors["unit"] = [Text.Of("专业部门人员须有所属单位。", "unit is required for a UnitHandler.")];
            return null;
        }

        if (catalogue.FindUnit(unit) is not { } info)
        {
            errors["unit"] = [Text.Of($"没有编号为 {unit} 的处置单位。", $"No unit with id {unit}.")];
            return null;
        }

        var unitArea = AreaCode.Parse(info.AreaCode);
        var scope = area is null ? unitArea : CheckArea(area, areas, errors);
        if (scope is { } chosen && chosen != unitArea && chosen.Value != areas.District.Code.Value)
        {
            errors["area"] = [Text.Of(
                $"专业部门人员的辖区须为其单位的区域（{unitArea}）或全区（{areas.District.Code}）。",
                $"A UnitHandler's area must be their unit's area ({unitArea}) or the district ({areas.District.Code}).")];
        }

        return errors.Count == 0 && scope is { } done ? new UserScope(known, done, unit) : null;
    }

    /// <summary>A password chosen by a person: long enough, and not the login.</summary>
    public static LocalizedText? PasswordProblem(string? password, string login)
    {
        if (string.IsNullOrEmpty(password) || password.Length < MinPasswordLength)
        {
            return Text.Of($"密码至少 {MinPasswordLength} 个字符。", $"password must be at least {MinPasswordLength} characters long.");
        }

        if (password.Length > MaxPasswordLength)
        {
            return Text.Of($"密码最多 {MaxPasswordLength} 个字符。", $"password must be at most {MaxPasswordLength} characters long.");
        }

        if (password.Contains(login.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return Text.Of("密码不得包含登录名。", "password must not contain the login.");
        }

        return null;
    }

    public static LocalizedText? DisplayNameProblem(string? displayName) =>
        displayName is { Length: > MaxDisplayNameLength }
            ? Text.Of($"显示名称最多 {MaxDisplayNameLength} 个字符。", $"displayName must be at most {MaxDisplayNameLength} characters long.")
            : null;

    private static AreaCode? CheckArea(string? area, AreaDirectory areas, IDictionary<string, LocalizedText[]> errors)
    {
        if (area is null)
        {
            errors["area"] = [Text.Of("辖区（area）为必填项。", "area is required.")];
            return null;
        }

        if (!AreaCode.TryParse(area, out var code))
        {
            errors["area"] = [Text.Of("area 须为 6、9、12 或 15 位区域编码。", "area must be an area code of 6, 9, 12 or 15 digits.")];
            return null;
        }

        if (areas.Find(code) is null)
        {
            errors["area"] = [Text.Of($"“{area}”不是本区的区域编码。", $"'{area}' is not an area of the district.")];
            return null;
        }

        return code;
    }
}
