using RuleOfLaw.Grains.Catalogue;

namespace RuleOfLaw.Domain.Tests.Catalogue;

/// <summary>
/// The three catalogue files as text, starting from the shipped ones, with edits that break one
/// rule at a time. Records are addressed by their first cell (code or id), so tests do not depend
/// on where a row happens to sit in the shipped data.
/// </summary>
internal sealed record CatalogueTexts(string Categories, string Subcategories, string Units)
{
    public const string CategoriesFile = CatalogueLoader.CategoriesFileName;
    public const string SubcategoriesFile = CatalogueLoader.SubcategoriesFileName;
    public const string UnitsFile = CatalogueLoader.UnitsFileName;

    public static CatalogueTexts Shipped() => new(
        File.ReadAllText(Path.Combine(CatalogueLoader.DefaultDirectory, CategoriesFile)),
        File.ReadAllText(Path.Combine(CatalogueLoader.DefaultDirectory, SubcategoriesFile)),
        File.ReadAllText(Path.Combine(CatalogueLoader.DefaultDirectory, UnitsFile)));

    public CatalogueBook Load() => CatalogueLoader.Load(
        new CatalogueFile(CategoriesFile, Categories),
        new CatalogueFile(SubcategoriesFile, Subcategories),
        new CatalogueFile(UnitsFile, Units));

    public CatalogueException LoadFails() => Assert.Throws<CatalogueException>(Load);

    public string TextOf(string fileName) => fileName switch
    {
        CategoriesFile => Categories,
        SubcategoriesFile => Subcategories,
        UnitsFile => Units,
        _ => throw new ArgumentOutOfRangeException(nameof(fileName), fileName, "Not a catalogue file."),
    };

    public CatalogueTexts WithText(string fileName, string text) => fileName switch
    {
        CategoriesFile => this with { Categories = text },
        SubcategoriesFile => this with { Subcategories = text },
        UnitsFile => this with { Units = text },
        _ => throw new ArgumentOutOfRangeException(nameof(fileName), fileName, "Not a catalogue file."),
    };

    /// <summary>The physical row of the record whose first cell is <paramref name="key"/>.</summary>
    public int RowOf(string fileName, string key) =>
        CsvReader.Read(TextOf(fileName)).Single(record => record.Fields[0] == key).Row;

    /// <summary>The physical row just after the last record.</summary>
    public int RowAfterLast(string fileName) => CsvReader.Read(TextOf(fileName))[^1].Row + 1;

    public CatalogueTexts WithCell(string fileName, string key, string column, string value) =>
        Edit(fileName, (header, rows) =>
        {
            var index = header.IndexOf(column);
            Assert.True(index >= 0, $"{fileName} has no column {column}");
            rows.Single(row => row[0] == key)[index] = value;
        });

    public CatalogueTexts WithHeaderCell(string fileName, string column, string newName) =>
        Edit(fileName, (header, _) => header[header.IndexOf(column)] = newName);

    public CatalogueTexts WithoutColumn(string fileName, string column) =>
        Edit(fileName, (header, rows) =>
        {
            var index = header.IndexOf(column);
            header.RemoveAt(index);
            rows.ForEach(row => row.RemoveAt(index));
        });

    public CatalogueTexts WithoutRecords(string fileName, params string[] keys) =>
        Edit(fileName, (_, rows) => rows.RemoveAll(row => keys.Contains(row[0])));

    public CatalogueTexts WithRecordEdited(string fileName, string key, Action<List<string>> edit) =>
        Edit(fileName, (_, rows) => edit(rows.Single(row => row[0] == key)));

    private CatalogueTexts Edit(string fileName, Action<List<string>, List<List<string>>> edit)
    {
        var records = CsvReader.Read(TextOf(fileName)).Select(record => record.Fields.ToList()).ToList();
        var header = records[0];
        var rows = records.Skip(1).ToList();
        edit(header, rows);
        return WithText(fileName, Csv.Write([header, .. rows]));
    }
}

/// <summary>Writes RFC 4180 text, quoting only where a value needs it.</summary>
internal static class Csv
{
    public static string Write(IEnumerable<IReadOnlyList<string>> records) =>
        string.Concat(records.Select(record => string.Join(',', record.Select(Quote)) + "\n"));

    public static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}
