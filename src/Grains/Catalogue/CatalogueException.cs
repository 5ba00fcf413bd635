namespace RuleOfLaw.Grains.Catalogue;

/// <summary>
/// The catalogue files are malformed. The message reads
/// <c>{file} row {row}, field {field}: {problem}</c> so that an administrator editing the CSV in a
/// spreadsheet can go straight to the cell; the parts are also exposed for tools and tests.
/// </summary>
public sealed class CatalogueException(string fileName, int row, string field, string problem)
    : Exception($"{fileName} row {row}, field {field}: {problem}")
{
    /// <summary>The file name without its directory, e.g. <c>subcategories.csv</c>.</summary>
    public string FileName { get; } = fileName;

    /// <summary>The 1-based physical row; the header is row 1.</summary>
    public int Row { get; } = row;

    /// <summary>The column name from the header, or <c>column N</c> where no name applies.</summary>
    public string Field { get; } = field;

    /// <summary>What is wrong, without the location prefix.</summary>
    public string Problem { get; } = problem;
}
