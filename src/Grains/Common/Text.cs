namespace RuleOfLaw.Grains.Common;

/// <summary>Shorthand for a bilingual text at the place it is said, zh-CN first.</summary>
public static class Text
{
    public static LocalizedText Of(string zhCn, string en) => new(zhCn, en);
}
