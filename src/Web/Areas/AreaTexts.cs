using RuleOfLaw.Grains.Common;

namespace RuleOfLaw.Web.Areas;

/// <summary>What every area endpoint says about a bad or unknown area code.</summary>
public static class AreaTexts
{
    public static LocalizedText BadCode { get; } = Text.Of(
        "区域编码须为 6 位（区县）、9 位（街道/乡镇）、12 位（社区/村）或 15 位（网格）数字。",
        "An area code has 6 (district), 9 (street), 12 (community) or 15 (grid) digits.");

    public static LocalizedText NoSuchArea(string code) => Text.Of($"没有编码为 {code} 的区域。", $"There is no area {code} in the district.");
}
