using System.Globalization;
using System.Text.RegularExpressions;
using RuleOfLaw.Grains.Common;

namespace RuleOfLaw.Grains.Catalogue;

/// <summary>
/// One catalogue CSV file checked against the columns it must have. Columns are found by header
/// name, so an administrator may reorder them; every problem becomes a
/// <see cref="CatalogueException"/> that names the file, the physical row and the column.
/// </summary>
internal sealed class CatalogueSheet
{
    private CatalogueSheet(string fileName, int headerRow, IReadOnlyList<SheetRow> rows)
    {
        FileName = fileName;
        HeaderRow = headerRow;
        Rows = rows;
    }

    public string FileName { get; }

    /// <summary>The row of the header; problems with the file as a whole are reported here.</summary>
    public int HeaderRow { get; }

    public IReadOnlyList<SheetRow> Rows { get; }

    public static CatalogueSheet Parse(CatalogueFile file, IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(file);

        var records = ReadRecords(file);
        if (records.Count == 0)
        {
            throw new CatalogueException(file.FileName, 1, columns[0], $"the file is empty; expected a header row with {string.Join(", ", columns)}");
        }

        var header = records[0];
        var names = ReadHeader(file.FileName, header, columns);
        var rows = new List<SheetRow>(records.Count - 1);
        foreach (var record in records.Skip(1))
        {
            if (record.Fields.Count < names.Count)
            {
                throw new CatalogueException(file.FileName, record.Row, names[record.Fields.Count],
                    $"the value is missing: the row has {record.Fields.Count} values but the header has {names.Count} columns");
            }

            if (record.Fields.Count > names.Count)
            {
                throw new CatalogueException(file.FileName, record.Row, $"column {names.Count + 1}",
                    $"unexpected value: the row has {record.Fields.Count} values but the header has {names.Count} columns");
            }

            var values = new Dictionary<string, string>(names.Count, StringComparer.Ordinal);
            for (var index = 0; index < names.Count; index++)
            {
                // Spreadsheets readily leave stray spaces around a cell; they never carry meaning here.
                values[names[index]] = record.Fields[index].Trim();
            }

            rows.Add(new SheetRow(file.FileName, record.Row, values));
        }

        return new CatalogueSheet(file.FileName, header.Row, rows);
    }

    private static List<CsvRecord> ReadRecords(CatalogueFile file)
    {
        var records = new List<CsvRecord>();
        try
        {
            foreach (var record in CsvReader.Enumerate(file.Text))
            {
                records.Add(record);
            }
        }
        catch (CsvFormatException error)
        {
            // Records before the error are already read, so a syntax error below the header can be named by its column.
            var header = records.FirstOrDefault();
            var field = header is not null && error.Row > header.Row && error.FieldNumber <= header.Fields.Count
                ? header.Fields[error.FieldNumber - 1].Trim()
                : $"column {error.FieldNumber}";
            throw new CatalogueException(file.FileName, error.Row, field, error.Problem);
        }

        return records;
    }

    private static List<string> ReadHeader(string fileName, CsvRecord header, IReadOnlyList<string> columns)
    {
        var names = new List<string>(header.Fields.Count);
        for (var index = 0; index < header.Fields.Count; index++)
        {
            var name = header.Fields[index].Trim();
            if (name.Length == 0)
            {
                throw new CatalogueException(fileName, header.Row, $"column {index + 1}", "the header cell is empty");
            }

            if (!columns.Contains(name, StringComparer.Ordinal))
            {
                throw new CatalogueException(fileName, header.Row, name, $"is not a column of this file; expected {string.Join(", ", columns)}");
            }

            if (names.Contains(name, StringComparer.Ordinal))
            {
                throw new CatalogueException(fileName, header.Row, name, "the column appears more than once in the header");
            }

            names.Add(name);
        }

        var missing = columns.FirstOrDefault(column => !names.Contains(column, StringComparer.Ordinal));
        if (missing is not null)
        {
            throw new CatalogueException(fileName, header.Row, missing, "the column is missing from the header");
        }

        return names;
    }
}

/// <summary>One data row of a <see cref="CatalogueSheet"/>, with checked access to its cells.</summary>
internal sealed class SheetRow(string fileName, int row, IReadOnlyDictionary<string, string> values)
{
    public int Row { get; } = row;

    /// <summary>The trimmed cell, possibly empty.</summary>
    public string Value(string column) => values[column];

    public CatalogueException Error(string column, string problem) => new(fileName, Row, column, problem);

    public string Required(string column)
    {
        var value = Value(column);
        return value.Length > 0 ? value : throw Error(column, "a value is required");
    }

    public string Text(string column, int maxLength)
    {
        var value = Required(column);
        return value.Length <= maxLength
            ? value
            : throw Error(column, $"the text is {value.Length} characters long; at most {maxLength} are allowed");
    }

    /// <summary>The pair <c>{stem}_zh</c> and <c>{stem}_en</c>, both required.</summary>
    public LocalizedText Localized(string stem, int maxLength) => new(Text(stem + "_zh", maxLength), Text(stem + "_en", maxLength));

    public string Matching(string column, Regex pattern, string expectation)
    {
        var value = Required(column);
        return pattern.IsMatch(value) ? value : throw Error(column, $"'{value}' is not {expectation}");
    }

    public int WholeNumber(string column, int min, int max)
    {
        var value = Required(column);
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            throw Error(column, $"'{value}' is not a whole number between {min} and {max}");
        }

        return number >= min && number <= max
            ? number
            : throw Error(column, $"'{value}' is not between {min} and {max}");
    }

    /// <summary>
    /// An enum member by its exact name. <see cref="Enum.TryParse{TEnum}(string, out TEnum)"/> alone would also
    /// accept numbers and other casings, which would make the data depend on member order.
    /// </summary>
    public TEnum EnumName<TEnum>(string column)
        where TEnum : struct, Enum
    {
        var value = Required(column);
        var names = Enum.GetNames<TEnum>();
        return names.Contains(value, StringComparer.Ordinal)
            ? Enum.Parse<TEnum>(value)
            : throw Error(column, $"'{value}' is not one of {string.Join(", ", names)}");
    }
}
