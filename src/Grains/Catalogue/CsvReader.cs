using System.Text;

namespace RuleOfLaw.Grains.Catalogue;

/// <summary>One record of a CSV text and the 1-based physical row (line) it starts on.</summary>
public sealed record CsvRecord(int Row, IReadOnlyList<string> Fields);

/// <summary>A CSV syntax error at a 1-based physical row and a 1-based field position within its record.</summary>
public sealed class CsvFormatException(int row, int fieldNumber, string problem)
    : FormatException($"row {row}, field {fieldNumber}: {problem}")
{
    public int Row { get; } = row;

    public int FieldNumber { get; } = fieldNumber;

    public string Problem { get; } = problem;
}

/// <summary>
/// A strict RFC 4180 reader: comma separated, fields optionally enclosed in double quotes, a quote
/// inside a quoted field doubled. Line breaks may be CRLF, LF or a lone CR; a leading UTF-8 BOM is
/// ignored. Each record carries the physical row it starts on, so that errors can point an
/// administrator at the line they see in their editor even when quoted fields span lines.
/// </summary>
public static class CsvReader
{
    private const char Quote = '"';
    private const char Separator = ',';
    private const char ByteOrderMark = '\uFEFF';

    /// <summary>Reads every record of <paramref name="text"/>; completely empty lines are skipped.</summary>
    /// <exception cref="CsvFormatException">A quote is misplaced or a quoted field is never closed.</exception>
    public static IReadOnlyList<CsvRecord> Read(string text) => Enumerate(text).ToList().AsReadOnly();

    /// <summary>
    /// Reads the records one at a time. A syntax error surfaces when the enumeration reaches it, so the
    /// caller still has the records before it (the header, for instance, to name the failing column).
    /// </summary>
    /// <exception cref="CsvFormatException">A quote is misplaced or a quoted field is never closed.</exception>
    public static IEnumerable<CsvRecord> Enumerate(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return EnumerateRecords(text);
    }

    private static IEnumerable<CsvRecord> EnumerateRecords(string text)
    {
        var cursor = new Cursor(text);
        while (!cursor.AtEnd)
        {
            var recordRow = cursor.Row;
            var fields = new List<string>();
            var anyQuoted = false;
            while (true)
            {
                var quoted = cursor.Peek == Quote;
                anyQuoted |= quoted;
                fields.Add(quoted ? ReadQuoted(cursor, fields.Count + 1) : ReadUnquoted(cursor, fields.Count + 1));

                if (cursor.AtEnd)
                {
                    break;
                }

                if (cursor.Peek == Separator)
                {
                    cursor.Advance();
                    continue;
                }

                // Neither reader stops anywhere else, so this is the record's line break.
                cursor.ConsumeLineBreak();
                break;
            }

            // A blank line (often the editor's trailing newline) is not a record with one empty value.
            var isBlankLine = fields.Count == 1 && fields[0].Length == 0 && !anyQuoted;
            if (!isBlankLine)
            {
                yield return new CsvRecord(recordRow, fields.AsReadOnly());
            }
        }
    }

    private static string ReadUnquoted(Cursor cursor, int fieldNumber)
    {
        var start = cursor.Position;
        while (!cursor.AtEnd && cursor.Peek != Separator && !cursor.AtLineBreak)
        {
            if (cursor.Peek == Quote)
            {
                throw new CsvFormatException(cursor.Row, fieldNumber, "a double quote may only appear in a field enclosed in double quotes");
            }

            cursor.Advance();
        }

        return cursor.Text[start..cursor.Position];
    }

    private static string ReadQuoted(Cursor cursor, int fieldNumber)
    {
        var openingRow = cursor.Row;
        var value = new StringBuilder();
        cursor.Advance();
        while (true)
        {
            if (cursor.AtEnd)
            {
                throw new CsvFormatException(openingRow, fieldNumber, "the field opened with a double quote is never closed");
            }

            if (cursor.Peek == Quote)
            {
                cursor.Advance();
                if (!cursor.AtEnd && cursor.Peek == Quote)
                {
                    value.Append(Quote);
                    cursor.Advance();
                    continue;
                }

                break;
            }

            if (cursor.AtLineBreak)
            {
                // Embedded line breaks are normalised so the value does not depend on how git checked the file out.
                cursor.ConsumeLineBreak();
                value.Append('\n');
                continue;
            }

            value.Append(cursor.Peek);
            cursor.Advance();
        }

        if (!cursor.AtEnd && cursor.Peek != Separator && !cursor.AtLineBreak)
        {
            throw new CsvFormatException(cursor.Row, fieldNumber, "a closing double quote must be followed by a comma or the end of the line");
        }

        return value.ToString();
    }

    /// <summary>Position in the text plus the physical row it lies on.</summary>
    private sealed class Cursor(string text)
    {
        public string Text { get; } = text;

        public int Position { get; private set; } = text.Length > 0 && text[0] == ByteOrderMark ? 1 : 0;

        public int Row { get; private set; } = 1;

        public bool AtEnd => Position >= Text.Length;

        public char Peek => Text[Position];

        public bool AtLineBreak => !AtEnd && (Peek == '\n' || Peek == '\r');

        public void Advance() => Position++;

        public void ConsumeLineBreak()
        {
            if (Peek == '\r' && Position + 1 < Text.Length && Text[Position + 1] == '\n')
            {
                Position++;
            }

            Position++;
            Row++;
        }
    }
}
