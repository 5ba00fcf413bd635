using System.Text.Json;
using RuleOfLaw.Grains.Incidents;

namespace RuleOfLaw.Silo.Storage;

/// <summary>An event written before the audit chain existed, as the backfill reads it.</summary>
internal sealed record UnsealedEvent(string IncidentId, int Version, string Payload);

/// <summary>The seal the backfill gives one such event.</summary>
internal sealed record EventSeal(string IncidentId, int Version, string PreviousHash, string Hash);

/// <summary>
/// Seals the incident events stored before the schema had hash columns, inside the transaction of
/// the migration that adds them, incident by incident in version order, exactly as the grain seals
/// new events. Both dialects run it; each brings its own SQL for reading a page and writing seals.
/// </summary>
/// <remarks>
/// Why this is sound: a seal computed now attests that an old row has not changed <em>since the
/// migration</em>, and nothing more; an edit made before it cannot be told apart from the original,
/// by this or by any later check. The chain claims no more than that: it starts at the migration,
/// and schema_version records when (the migration's row, written in the same transaction as every
/// seal, so either all old rows are sealed and the migration is recorded, or neither). It runs only
/// there, never at a later start: re-sealing rows found without a seal would let anyone who blanks a
/// seal in the database have an edited event sealed afresh.
/// </remarks>
internal static class AuditBackfill
{
    /// <summary>Rows per read: enough to make few round trips, few enough to hold in memory.</summary>
    public const int PageSize = 1_000;

    /// <summary>
    /// Reads pages of events ordered by (incident, version), each after the last row of the one
    /// before, and writes the seals of each page before reading the next. Returns how many events it sealed.
    /// </summary>
    /// <param name="readPageAfter">The next at most <see cref="PageSize"/> events after (incident, version), in that order.</param>
    /// <param name="writeSeals">Stores the seals of one page.</param>
    /// <exception cref="InvalidOperationException">A stored payload is not an event: it cannot be sealed, and the migration must not pretend it was.</exception>
    public static async Task<int> Run(
        Func<string, int, CancellationToken, Task<IReadOnlyList<UnsealedEvent>>> readPageAfter,
        Func<IReadOnlyList<EventSeal>, CancellationToken, Task> writeSeals,
        CancellationToken cancellationToken)
    {
        var (lastIncident, lastVersion, previousHash, sealedCount) = (string.Empty, 0, AuditChain.Genesis, 0);
        while (true)
        {
            var page = await readPageAfter(lastIncident, lastVersion, cancellationToken);
            if (page.Count == 0)
            {
                return sealedCount;
            }

            var seals = new List<EventSeal>(page.Count);
            foreach (var row in page)
            {
                if (row.IncidentId != lastIncident)
                {
                    previousHash = AuditChain.Genesis;
                }

                var hash = AuditChain.Seal(row.IncidentId, previousHash, Read(row));
                seals.Add(new EventSeal(row.IncidentId, row.Version, previousHash, hash));
                (lastIncident, lastVersion, previousHash) = (row.IncidentId, row.Version, hash);
            }

            await writeSeals(seals, cancellationToken);
            sealedCount += seals.Count;
        }
    }

    private static IncidentEvent Read(UnsealedEvent row)
    {
        try
        {
            return IncidentEventJson.FromPayload(row.Version, row.Payload);
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException)
        {
            throw new InvalidOperationException(
                $"Cannot seal version {row.Version} of incident {row.IncidentId} into its audit chain: its payload is not an event ({exception.Message}).",
                exception);
        }
    }
}
