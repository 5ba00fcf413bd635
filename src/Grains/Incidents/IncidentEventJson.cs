using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace RuleOfLaw.Grains.Incidents;

/// <summary>
/// The persisted form of events and summaries: JSON with enum names, so rows stay readable in
/// the database and survive reordering of enum members.
/// </summary>
public static class IncidentEventJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        // Chinese text stored as UTF-8 rather than \uXXXX escapes: smaller rows, readable in the database.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        Converters = { new JsonStringEnumConverter() },
    };

    public static StoredEvent ToStored(IncidentEvent e) =>
        new(e.Version, e.Command.ToString(), JsonSerializer.Serialize(e, Options), e.At);

    public static IncidentEvent FromStored(StoredEvent stored) =>
        JsonSerializer.Deserialize<IncidentEvent>(stored.Payload, Options)
        ?? throw new JsonException($"Event version {stored.Version} has an empty payload.");

    public static IncidentProjection ToProjection(IncidentRecord record)
    {
        var summary = record.ToSummary();
        return new IncidentProjection(
            record.Id,
            record.GridCode,
            record.Version,
            record.State.ToString(),
            record.Report.CategoryCode,
            record.IsOpen,
            JsonSerializer.Serialize(summary, Options),
            record.UpdatedAt,
            record.IsOpen ? record.AssignedUnitId : null);
    }

    public static IncidentSummary SummaryOf(IncidentProjection projection) =>
        JsonSerializer.Deserialize<IncidentSummary>(projection.SummaryJson, Options)
        ?? throw new JsonException($"Incident {projection.IncidentId} has an empty summary.");
}
