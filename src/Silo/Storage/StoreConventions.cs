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
            if (events[index].Version != expectedVersion + 1 + index)
            {
                throw new ArgumentException(
                    $"Event {index} has version {events[index].Version}; appending after version {expectedVersion} it must be {expectedVersion + 1 + index}.",
                    nameof(events));
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
}
