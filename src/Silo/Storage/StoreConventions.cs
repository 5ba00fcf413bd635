using System.Data.Common;
using System.Globalization;
using RuleOfLaw.Grains.Incidents;

namespace RuleOfLaw.Silo.Storage;

/// <summary>
/// What every dialect of <see cref="IRuleOfLawStore"/> agrees on outside SQL: which appends are
/// well-formed, how timestamps and ticks are written, how ETags and key ranges are made. Kept in
/// one place so that the dialects cannot drift apart on it.
/// </summary>
internal static class StoreConventions
{
    public static void ValidateAppend(string incidentId, int expectedVersion, IReadOnlyList<StoredEvent> events, IncidentProjection projection)
    {
        ArgumentException.ThrowIfNullOrEmpty(incidentId);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(projection);
        if (events.Count == 0)
        {
            throw new ArgumentException("An append carries at least one event.", nameof(events));
        }

        for (var index = 0; index < events.Count; index++)
        {
            var stored = events[index];
            if (stored.Version != expectedVersion + 1 + index)
            {
                throw new ArgumentException(
                    $"Event {index} has version {stored.Version}; appending after version {expectedVersion} it must be {expectedVersion + 1 + index}.",
                    nameof(events));
            }

            // The store cannot check a seal against the content (that is the audit's job), but it
            // never writes an event that is not sealed, nor one that does not chain to the one before it here.
            if (!AuditChain.IsHash(stored.PreviousHash) || !AuditChain.IsHash(stored.Hash))
            {
                throw new ArgumentException($"Event version {stored.Version} is not sealed: its hashes must be 64 lowercase hex digits.", nameof(events));
            }

            if (index > 0 && stored.PreviousHash != events[index - 1].Hash)
            {
                throw new ArgumentException($"Event version {stored.Version} does not chain to version {events[index - 1].Version} of the same append.", nameof(events));
            }
        }

        if (!string.Equals(projection.IncidentId, incidentId, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The projection is of incident {projection.IncidentId}, not {incidentId}.", nameof(projection));
        }
    }

    /// <summary>Random rather than counting, so that a cleared and rewritten state never reuses an old ETag.</summary>
    public static string NewETag() => Guid.NewGuid().ToString("N");

    /// <summary>The smallest key above every key that starts with <paramref name="prefix"/> (digits only).</summary>
    public static string PrefixUpperBound(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);

    /// <summary>ISO 8601 round-trip text keeps every tick and the offset.</summary>
    public static string FormatTimestamp(DateTimeOffset value) => value.ToString("O", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTimestamp(string text) =>
        DateTimeOffset.ParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.None);

    /// <summary>Orleans speaks UTC; an unspecified kind is taken as UTC rather than shifted by the host's zone.</summary>
    public static long ToUtcTicks(DateTime value) =>
        value.Kind == DateTimeKind.Local ? value.ToUniversalTime().Ticks : value.Ticks;
    /// <summary>Every row of a query, read by <paramref name="row"/>: the dialects select the same columns in the same order.</summary>
    public static async Task<List<T>> ReadRows<T>(DbCommand command, Func<DbDataReader, T> row, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(row(reader));
        }

        return rows;
    }

    /// <summary>version, type, payload, recorded_at, previous_hash, hash.</summary>
    public static StoredEvent EventRow(DbDataReader reader) => new(
        reader.GetInt32(0), reader.GetString(1), reader.GetString(2), ParseTimestamp(reader.GetString(3)), reader.GetString(4), reader.GetString(5));

    /// <summary>incident_id, version, payload: an event not sealed yet (schema 1 rows awaiting the backfill).</summary>
    public static UnsealedEvent UnsealedRow(DbDataReader reader) => new(reader.GetString(0), reader.GetInt32(1), reader.GetString(2));

    /// <summary>
    /// The projection's columns in <see cref="IncidentProjection"/> order; <c>is_open</c> is a
    /// boolean in PostgreSQL and an integer in SQLite, and both drivers read either as bool.
    /// </summary>
    public static IncidentProjection ProjectionRow(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetInt32(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetBoolean(5),
        reader.GetString(6),
        ParseTimestamp(reader.GetString(7)),
        reader.IsDBNull(8) ? null : reader.GetString(8));

    /// <summary>incident_id, version, tally_json.</summary>
    public static StoredTally TallyRow(DbDataReader reader) => new(reader.GetString(0), reader.GetInt32(1), reader.GetString(2));

    /// <summary>An area key is a non-empty run of digits (it becomes a key range); unit and user keys are any non-empty text.</summary>
    public static void ValidateTallyScope(TallyScope scope, string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (!Enum.IsDefined(scope))
        {
            throw new ArgumentOutOfRangeException(nameof(scope), scope, "Not a tally scope.");
        }

        if (scope == TallyScope.Area && !key.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("An area code consists of digits only.", nameof(key));
        }
    }

    /// <summary>group code, state, category, count.</summary>
    public static AreaStateCount CountRow(DbDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3));

    /// <summary>grain_id, reminder_name, grain_hash, start_at ticks, period ticks, etag.</summary>
    public static StoredReminder StoredReminderRow(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        (uint)reader.GetInt64(2),
        new DateTime(reader.GetInt64(3), DateTimeKind.Utc),
        TimeSpan.FromTicks(reader.GetInt64(4)),
        reader.GetString(5));
}
