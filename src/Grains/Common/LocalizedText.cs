namespace RuleOfLaw.Grains.Common;

/// <summary>
/// A user-facing text in the two languages the product ships: zh-CN (the default) and en.
/// </summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Common.LocalizedText")]
public sealed record LocalizedText([property: Id(0)] string ZhCn, [property: Id(1)] string En)
{
    /// <summary>Picks the text for a culture name; anything that is not English falls back to zh-CN.</summary>
    public string For(string? culture) =>
        culture is not null && culture.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? En : ZhCn;
}
