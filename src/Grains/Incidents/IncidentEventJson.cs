using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using RuleOfLaw.Grains.Assessment;

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

    /// <summary>The event as the store keeps it, sealed into its incident's audit chain after <paramref name="previousHash"/>.</summary>
    public static StoredEvent ToStored(string incidentId, IncidentEvent e, string previousHash) =>
        new(e.Version, e.Command.ToString(), JsonSerializer.Serialize(e, Options), e.At, previousHash, AuditChain.Seal(incidentId, previousHash, e));

    public static IncidentEvent FromStored(StoredEvent stored) => FromPayload(stored.Version, stored.Payload);

    /// <exception cref="JsonException">The payload is not an event.</exception>
    public static IncidentEvent FromPayload(int version, string payload) =>
        JsonSerializer.Deserialize<IncidentEvent>(payload, Options)
        ?? throw new JsonException($"Event version {version} has an empty payload.");

    /// <summary>
    /// The state column of a merged report. No <see cref="IncidentState"/> has this name, so the
    /// store's counts leave the report out (<see cref="Areas.CounterTable.FromStore"/> skips names it
    /// does not know), exactly as the grid's counts in memory do: a merged report counts once, as its original.
    /// </summary>
    public const string MergedStateName = "Merged";

    public static IncidentProjection ToProjection(IncidentRecord record)
    {
        var summary = record.ToSummary();
        var tally = CaseTally.Of(record);
        return new IncidentProjection(
            record.Id,
            record.GridCode,
            record.Version,
            record.IsMerged ? MergedStateName : record.State.ToString(),
            record.Report.CategoryCode,
            record.IsOpen,
            JsonSerializer.Serialize(summary, Options),
            record.UpdatedAt,
            record.IsOpen ? record.AssignedUnitId : null,
            JsonSerializer.Serialize(tally, Options),
            tally.UnitId,
            tally.ReporterId);
    }

    public static IncidentSummary SummaryOf(IncidentProjection projection) =>
        JsonSerializer.Deserialize<IncidentSummary>(projection.SummaryJson, Options)
        ?? throw new JsonException($"Incident {projection.IncidentId} has an empty summary.");

    /// <summary>The tally stored beside a projection.</summary>
    /// <exception cref="JsonException">The stored text is not a tally.</exception>
    public static CaseTally TallyOf(StoredTally stored) =>
        JsonSerializer.Deserialize<CaseTally>(stored.TallyJson, Options)
        ?? throw new JsonException($"Incident {stored.IncidentId} has an empty tally.");
}
