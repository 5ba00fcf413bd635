using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Clocks;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Supervision;

namespace RuleOfLaw.Grains.Incidents;

/// <summary>Why an incident's audit chain fails, at its first broken link.</summary>
public enum AuditBreak
{
    /// <summary>A version is not stored: deleted, or the stored history ends before the case's known version.</summary>
    Missing,

    /// <summary>The event does not name the hash of the event before it (or the genesis value): an earlier event was rewritten, or this one was moved.</summary>
    NotChained,

    /// <summary>The stored payload cannot be read as an event.</summary>
    Unreadable,

    /// <summary>The event's content, encoded again, does not hash to the stored hash: the event was edited.</summary>
    ContentMismatch,
}

/// <summary>The outcome of verifying one incident's audit chain.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.AuditVerification")]
public sealed record AuditVerification(
    [property: Id(0)] int Events,
    [property: Id(1)] int? FirstBrokenVersion,
    [property: Id(2)] AuditBreak? Break,
    [property: Id(3)] string? HeadHash)
{
    public bool Verified => Break is null;

    /// <summary>What people read: that the chain holds, or which link broke and how.</summary>
    public LocalizedText Reason => (Break, FirstBrokenVersion) switch
    {
        (null, _) => Text.Of($"全部 {Events} 个事件均通过哈希链校验。", $"All {Events} events verify: the chain is intact."),
        (AuditBreak.Missing, var v) => Text.Of($"缺少第 {v} 号事件。", $"Version {v} is missing."),
        (AuditBreak.NotChained, 1) => Text.Of("第 1 号事件未从链的起始值开始。", "Event 1 does not start from the genesis value."),
        (AuditBreak.NotChained, var v) => Text.Of($"第 {v} 号事件未链接到第 {v - 1} 号事件。", $"Event {v} does not chain to event {v - 1}."),
        (AuditBreak.Unreadable, var v) => Text.Of($"第 {v} 号事件的内容无法读取。", $"Event {v}'s content cannot be read."),
        (_, var v) => Text.Of($"第 {v} 号事件的内容与其哈希值不符。", $"Event {v}'s content does not match its hash."),
    };
}

/// <summary>One stored event as the audit sees it: its seal, and its content when the payload can be read.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Incidents.AuditedEvent")]
public sealed record AuditedEvent(
    [property: Id(0)] int Version,
    [property: Id(1)] string PreviousHash,
    [property: Id(2)] string Hash,
    [property: Id(3)] IncidentEvent? Event)
{
    public static AuditedEvent Of(StoredEvent stored) =>
        new(stored.Version, stored.PreviousHash, stored.Hash, AuditChain.TryRead(stored));
}

/// <summary>
/// The tamper-evident history of a case (domain.md §7, 督查问责): every event is sealed by
/// hash = SHA-256(previous hash ‖ canonical encoding of the event), where the previous hash is the
/// seal of the incident's event before it, or <see cref="Genesis"/> for version 1. Editing an event
/// changes its encoding, so its hash no longer matches; rewriting its hash too breaks the next
/// event's link; deleting one leaves a gap in the versions. Pure: the grain seals on append, the
/// audit endpoint verifies what the store holds.
/// </summary>
/// <remarks>
/// Each event stores its previous hash beside its own, so that verification tells an edited event
/// (its content no longer hashes to its seal) from an edited or moved neighbour (its link no longer
/// matches), and names the first broken version exactly.
/// </remarks>
public static class AuditChain
{
    /// <summary>
    /// The version of <see cref="Encode"/>, written into every encoding: a later encoding gets a new
    /// number, so no content encoded one way can pass for content encoded the other.
    /// </summary>
    public const int EncodingVersion = 1;

    /// <summary>Separates this encoding from any other SHA-256 input the product may ever hash.</summary>
    private const string DomainTag = "RuleOfLaw/incident-event";

    private const int HashBytes = 32;

    /// <summary>The previous hash of every incident's version 1: 32 zero bytes.</summary>
    public static string Genesis { get; } = new('0', 2 * HashBytes);

    /// <summary>The seal of <paramref name="e"/> following <paramref name="previousHash"/>: 64 lowercase hex digits.</summary>
    /// <exception cref="FormatException"><paramref name="previousHash"/> is not 64 hex digits.</exception>
    public static string Seal(string incidentId, string previousHash, IncidentEvent e)
    {
        if (!IsHash(previousHash))
        {
            throw new FormatException($"'{previousHash}' is not a SHA-256 hash in hex.");
        }

        var encoding = Encode(incidentId, e);
        var input = new byte[HashBytes + encoding.Length];
        Convert.FromHexString(previousHash).CopyTo(input, 0);
        encoding.CopyTo(input, HashBytes);
        return Convert.ToHexStringLower(SHA256.HashData(input));
    }

    /// <summary>Whether <paramref name="text"/> has the form of a seal: 64 lowercase hex digits.</summary>
    public static bool IsHash(string? text) =>
        text is { Length: 2 * HashBytes } && text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    /// <summary>
    /// Checks one incident's stored events, in version order as the store returns them, against
    /// each other and against <paramref name="knownVersion"/>, the version the case is known to have
    /// reached (so that deleting the last events is caught too). Stops at the first broken link.
    /// </summary>
    public static AuditVerification Verify(string incidentId, IReadOnlyList<StoredEvent> stored, int knownVersion)
    {
        var previousHash = Genesis;
        var expectedVersion = 1;
        foreach (var row in stored)
        {
            var broken = row.Version != expectedVersion ? AuditBreak.Missing
                : row.PreviousHash != previousHash ? AuditBreak.NotChained
                : TryRead(row) is not { } e ? AuditBreak.Unreadable
                : !Agrees(row, e) || row.Hash != Seal(incidentId, row.PreviousHash, e) ? AuditBreak.ContentMismatch
                : (AuditBreak?)null;
            if (broken is { } kind)
            {
                return new AuditVerification(stored.Count, expectedVersion, kind, null);
            }

            previousHash = row.Hash;
            expectedVersion++;
        }

        return expectedVersion <= knownVersion
            ? new AuditVerification(stored.Count, expectedVersion, AuditBreak.Missing, null)
            : new AuditVerification(stored.Count, null, null, stored.Count > 0 ? previousHash : null);
    }

    /// <summary>The event a stored payload holds, or null when it is not an event any more.</summary>
    public static IncidentEvent? TryRead(StoredEvent stored)
    {
        try
        {
            return IncidentEventJson.FromStored(stored);
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>
    /// The canonical bytes of one event's audited content, the same on every machine and in every
    /// language: big-endian integers, UTF-8 texts with a 4-byte length, IEEE 754 doubles, enums by
    /// name (the stored form's names, stable under reordering), times as ISO 8601 round-trip text
    /// (every tick and the offset). Every reference value is preceded by a presence byte, so an
    /// absent value, an empty one and a following field can never be confused. Covers every member
    /// of <see cref="IncidentEvent"/> and of each kind of <see cref="EventFacts"/>, in declaration order.
    /// </summary>
    public static byte[] Encode(string incidentId, IncidentEvent e)
    {
        var writer = new CanonicalWriter();
        writer.Text(DomainTag);
        writer.Int32(EncodingVersion);
        writer.Text(incidentId);
        writer.Int32(e.Version);
        writer.Name(e.Command);
        writer.Name(e.From);
        writer.Name(e.To);
        writer.Text(e.ActorUserId);
        writer.Name(e.ActorRole);
        writer.Text(e.ActorUnitId);
        writer.Text(e.At.ToString("O", CultureInfo.InvariantCulture));
        writer.Text(e.Reason);
        writer.Texts(e.Attachments);
        if (writer.Present(e.Facts))
        {
            WriteFacts(writer, e.Facts);
        }

        if (writer.Present(e.LegalBasis))
        {
            writer.Localized(e.LegalBasis.Law);
            writer.Localized(e.LegalBasis.Article);
        }

        // Written only when present, so events sealed before steps carried clocks keep their seals.
        if (e.Clocks is { } clocks)
        {
            writer.Text("clocks");
            writer.Int32(clocks.Count);
            foreach (var clock in clocks)
            {
                writer.Name(clock.Kind);
                writer.Text(clock.Key);
                writer.Time(clock.StartedAt);
                writer.Time(clock.WarnAt);
                writer.Time(clock.DueAt);
                writer.Boolean(clock.Working);
                writer.Time(clock.PausedAt);
                writer.Name(clock.Colour);
                writer.Int32(clock.Level);
            }
        }

        return writer.ToArray();
    }

    /// <summary>The columns a store keeps beside the payload must say what the payload says.</summary>
    private static bool Agrees(StoredEvent row, IncidentEvent e) =>
        e.Version == row.Version && row.Type == e.Command.ToString() && row.RecordedAt == e.At && row.RecordedAt.Offset == e.At.Offset;

    /// <summary>Each kind under the name the stored JSON gives it, then its members in declaration order.</summary>
    private static void WriteFacts(CanonicalWriter writer, EventFacts facts)
    {
        switch (facts)
        {
            case ReportedFacts reported:
                writer.Text("reported");
                writer.Text(reported.CategoryCode);
                writer.Text(reported.SubcategoryCode);
                writer.Text(reported.Description);
                writer.Float64(reported.Longitude);
                writer.Float64(reported.Latitude);
                writer.Text(reported.Address);
                writer.Name(reported.Source);
                writer.Boolean(reported.Urgent);
                if (writer.Present(reported.Placement))
                {
                    writer.Text(reported.Placement.GridCode);
                    writer.Text(reported.Placement.Rule);
                    writer.Texts(reported.Placement.NearbyGridCodes);
                }

                writer.TimeLimit(reported.HandlingLimit);

                // Written only when present, so events sealed before reports carried personal
                // information keep the seals they were given.
                if (reported.Personal is { } personal)
                {
                    writer.Text("personal");
                    if (writer.Present(personal.Reporter))
                    {
                        writer.Text(personal.Reporter.Name);
                        writer.Text(personal.Reporter.Phone);
                    }

                    if (writer.Present(personal.Subject))
                    {
                        writer.Text(personal.Subject.Name);
                        writer.Text(personal.Subject.IdNumber);
                        writer.Text(personal.Subject.Details);
                    }
                }

                if (reported.Sensitive)
                {
                    writer.Text("sensitive");
                }

                break;
            case DispatchedFacts dispatched:
                writer.Text("dispatched");
                writer.Text(dispatched.UnitId);
                writer.Text(dispatched.DefaultUnitId);

                // Written only when a team was chosen, so dispatches sealed before teams were
                // recorded keep the seals they were given.
                if (dispatched.TeamId is { } team)
                {
                    writer.Text("team");
                    writer.Text(team);
                    if (writer.Present(dispatched.TeamRank))
                    {
                        writer.Int32(dispatched.TeamRank.Value);
                    }
                }

                break;
            case VerdictFacts verdict:
                writer.Text("verdict");
                writer.Boolean(verdict.Affirmed);
                break;
            case ExtensionRequestedFacts extension:
                writer.Text("extensionRequested");
                writer.TimeLimit(extension.Extension);
                break;
            case ClosedFacts closed:
                writer.Text("closed");
                writer.Name(closed.Closure);
                break;
            case ClockTurnedFacts turned:
                writer.Text("clockTurned");
                writer.Name(turned.Clock);
                writer.Text(turned.Key);
                writer.Name(turned.Colour);
                break;
            case EscalatedFacts escalated:
                writer.Text("escalated");
                writer.Name(escalated.Clock);
                writer.Text(escalated.Key);
                writer.Int32(escalated.Level);
                writer.Text(escalated.AreaCode);
                writer.Text(escalated.UnitId);
                break;
            case SupervisionIssuedFacts issued:
                writer.Text("supervisionIssued");
                writer.Text(issued.OrderId);
                writer.Text(issued.Instruction);
                writer.Time(issued.ReplyBy);
                break;
            case SupervisionRepliedFacts replied:
                writer.Text("supervisionReplied");
                writer.Text(replied.OrderId);
                writer.Text(replied.Reply);
                break;
            case SummonedFacts summoned:
                writer.Text("summoned");
                writer.Text(summoned.SummonsId);
                writer.Texts(summoned.UnitIds);
                writer.Time(summoned.AcknowledgeBy);
                break;
            case SummonsAcknowledgedFacts acknowledged:
                writer.Text("summonsAcknowledged");
                writer.Text(acknowledged.SummonsId);
                writer.Text(acknowledged.UnitId);
                writer.Text(acknowledged.Commitment);
                break;
            case DuplicateFlaggedFacts flagged:
                writer.Text("duplicateFlagged");
                writer.Texts(flagged.CandidateIds);
                break;
            case MergeFacts merge:
                writer.Text("merge");
                writer.Text(merge.OriginalIncidentId);
                break;
            case MergedReportFacts mergedReport:
                writer.Text("mergedReport");
                writer.Text(mergedReport.DuplicateIncidentId);
                writer.Text(mergedReport.ReporterUserId);
                break;

            // A kind of its own under its own tag: events sealed before revisits existed encode
            // exactly as they did, so their seals (and the encoding version) stay as they were.
            case RevisitedFacts revisited:
                writer.Text("revisited");
                writer.Name(revisited.Satisfaction);
                writer.Boolean(revisited.Disputed);
                break;
            default:
                // A new kind of facts must be given its encoding (and a new EncodingVersion) before it is stored.
                throw new InvalidOperationException($"{facts.GetType().Name} has no audit encoding.");
        }
    }

    private sealed class CanonicalWriter
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(512);

        /// <summary>Writes 1 for a value and 0 for none; true when there is a value to write next.</summary>
        public bool Present([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] object? value)
        {
            Byte(value is null ? (byte)0 : (byte)1);
            return value is not null;
        }

        public void Text(string? value)
        {
            if (Present(value))
            {
                Int32(Encoding.UTF8.GetByteCount(value));
                Encoding.UTF8.GetBytes(value, _buffer);
            }
        }

        public void Texts(IReadOnlyList<string>? values)
        {
            if (Present(values))
            {
                Int32(values.Count);
                foreach (var value in values)
                {
                    Text(value);
                }
            }
        }

        public void Localized(LocalizedText? text)
        {
            if (Present(text))
            {
                Text(text.ZhCn);
                Text(text.En);
            }
        }

        public void TimeLimit(TimeLimit? limit)
        {
            if (Present(limit))
            {
                Int32(limit.Value);
                Name(limit.Unit);
            }
        }

        public void Time(DateTimeOffset? value) => Text(value?.ToString("O", CultureInfo.InvariantCulture));

        public void Name<TEnum>(TEnum? value)
            where TEnum : struct, Enum => Text(value?.ToString());

        public void Name<TEnum>(TEnum value)
            where TEnum : struct, Enum => Text(value.ToString());

        public void Int32(int value)
        {
            BinaryPrimitives.WriteInt32BigEndian(_buffer.GetSpan(sizeof(int)), value);
            _buffer.Advance(sizeof(int));
        }

        public void Float64(double value)
        {
            BinaryPrimitives.WriteDoubleBigEndian(_buffer.GetSpan(sizeof(double)), value);
            _buffer.Advance(sizeof(double));
        }

        public void Boolean(bool value) => Byte(value ? (byte)1 : (byte)0);

        public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

        private void Byte(byte value)
        {
            _buffer.GetSpan(1)[0] = value;
            _buffer.Advance(1);
        }
    }
}
