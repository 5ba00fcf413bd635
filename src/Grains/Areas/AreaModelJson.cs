using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace RuleOfLaw.Grains.Areas;

/// <summary>Reads and writes an <see cref="AreaModel"/> as one JSON document.</summary>
public static class AreaModelJson
{
    /// <summary>
    /// camelCase names, enums as camelCase strings, nulls omitted. Chinese text is written as is
    /// (not \u-escaped) so the stored document stays readable; HTML-sensitive characters are still escaped.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string Serialize(AreaModel model) => JsonSerializer.Serialize(model, Options);

    public static AreaModel Deserialize(string json) =>
        JsonSerializer.Deserialize<AreaModel>(json, Options)
        ?? throw new JsonException("The area model document is empty (null).");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.Create(UnicodeRanges.BasicLatin, UnicodeRanges.CjkUnifiedIdeographs),
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        };

        // Shared by every caller, so nobody may change it after the first use.
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
