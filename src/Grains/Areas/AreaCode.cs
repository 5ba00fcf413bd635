using System.Diagnostics.CodeAnalysis;

namespace RuleOfLaw.Grains.Areas;

/// <summary>The level of an area in the administrative ladder; the value is the length of its code.</summary>
public enum AreaLevel
{
    District = 6,
    Street = 9,
    Community = 12,
    Grid = 15,
}

/// <summary>
/// A numeric area code that embeds its parents (domain.md §1): district 6 digits, street +3,
/// community +3, grid +3. Parents are prefixes, so roll-ups need no lookup.
/// </summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Areas.AreaCode")]
public readonly record struct AreaCode
{
    [Id(0)] private readonly string _value;

    private AreaCode(string value) => _value = value;

    public string Value => _value ?? string.Empty;

    public AreaLevel Level => (AreaLevel)Value.Length;

    public bool IsGrid => Level == AreaLevel.Grid;

    /// <summary>The parent area, or null for a district.</summary>
    public AreaCode? Parent => Level == AreaLevel.District ? null : new AreaCode(Value[..^3]);

    /// <summary>Every ancestor from the direct parent up to the district.</summary>
    public IEnumerable<AreaCode> Ancestors()
    {
        for (var parent = Parent; parent is { } p; parent = p.Parent)
        {
            yield return p;
        }
    }

    /// <summary>True when <paramref name="other"/> is this area or lies inside it.</summary>
    public bool Contains(AreaCode other) => other.Value.StartsWith(Value, StringComparison.Ordinal);

    /// <summary>The ancestor (or self) of this code at the given level.</summary>
    public AreaCode AtLevel(AreaLevel level) =>
        (int)level <= Value.Length
            ? new AreaCode(Value[..(int)level])
            : throw new ArgumentOutOfRangeException(nameof(level), level, "A code cannot be widened to a lower level.");

    public static bool TryParse([NotNullWhen(true)] string? text, out AreaCode code)
    {
        code = default;
        if (text is null || !Enum.IsDefined(typeof(AreaLevel), text.Length) || !text.All(char.IsAsciiDigit))
        {
            return false;
        }

        code = new AreaCode(text);
        return true;
    }

    public static AreaCode Parse(string text) =>
        TryParse(text, out var code)
            ? code
            : throw new FormatException($"'{text}' is not an area code (6, 9, 12 or 15 digits).");

    public override string ToString() => Value;
}
