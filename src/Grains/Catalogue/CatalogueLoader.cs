using System.Text.RegularExpressions;
using RuleOfLaw.Grains.Areas;

namespace RuleOfLaw.Grains.Catalogue;

/// <summary>
/// Loads and validates the case catalogue (事件分类 / 权责清单) from its three CSV files. The catalogue
/// is data that administrators edit, so every rule is checked at load time and the first problem is
/// reported with its file, row and column; a catalogue that loads can route every subcategory.
/// </summary>
/// <remarks>
/// Units are read first, then categories, then subcategories, because each later file refers to the
/// earlier ones. Within a row the columns are checked in header order. Problems with a file as a
/// whole (a missing category) are reported at its header row.
/// </remarks>
public static partial class CatalogueLoader
{
    public const string CategoriesFileName = "categories.csv";
    public const string SubcategoriesFileName = "subcategories.csv";
    public const string UnitsFileName = "units.csv";

    public const int MaxNameLength = 100;
    public const int MaxConditionLength = 500;
    public const int MaxLegalTextLength = 200;
    public const int MaxTimeLimitValue = 10000;
    public const int MinSubcategoriesPerCategory = 3;

    private static readonly string[] _categoryColumns = ["code", "name_zh", "name_en", "default_owner_zh", "default_owner_en"];

    private static readonly string[] _subcategoryColumns =
    [
        "code", "category", "name_zh", "name_en", "registration_condition_zh", "registration_condition_en",
        "time_limit_value", "time_limit_unit", "closure_condition_zh", "closure_condition_en",
        "lead_unit", "support_units", "law_zh", "law_en", "article_zh", "article_en",
    ];

    private static readonly string[] _unitColumns = ["id", "name_zh", "name_en", "kind", "area_code", "parent_unit_id"];

    /// <summary>Where the build copies the shipped catalogue: <c>{output}/Catalogue/Data</c>.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "Catalogue", "Data");

    /// <summary>Loads the three catalogue files from <paramref name="directory"/>.</summary>
    /// <exception cref="CatalogueException">A file breaks a catalogue rule.</exception>
    /// <exception cref="IOException">A file is missing or cannot be read.</exception>
    public static CatalogueBook Load(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        return Load(
            ReadFile(directory, CategoriesFileName),
            ReadFile(directory, SubcategoriesFileName),
            ReadFile(directory, UnitsFileName));
    }

    /// <summary>Loads the catalogue from the files' text; the file names only label errors.</summary>
    /// <exception cref="CatalogueException">A file breaks a catalogue rule.</exception>
    public static CatalogueBook Load(CatalogueFile categories, CatalogueFile subcategories, CatalogueFile units)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(subcategories);
        ArgumentNullException.ThrowIfNull(units);

        var unitList = ReadUnits(units);
        var unitsById = unitList.ToDictionary(unit => unit.Id, StringComparer.Ordinal);
        var categoryList = ReadCategories(categories);
        var subcategoryList = ReadSubcategories(subcategories, categoryList, unitsById, units.FileName);
        return new CatalogueBook(categoryList, subcategoryList, unitList);
    }

    private static CatalogueFile ReadFile(string directory, string fileName) =>
        new(fileName, File.ReadAllText(Path.Combine(directory, fileName)));

    private static List<Category> ReadCategories(CatalogueFile file)
    {
        var sheet = CatalogueSheet.Parse(file, _categoryColumns);
        var categories = new List<Category>();
        var rowByCode = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in sheet.Rows)
        {
            var code = row.Required("code");
            if (!CategoryCodes.All.Contains(code, StringComparer.Ordinal))
            {
                throw row.Error("code", $"'{code}' is not one of {string.Join(", ", CategoryCodes.All)}");
            }

            RejectDuplicate(row, "code", code, rowByCode);
            categories.Add(new Category(code, row.Localized("name", MaxNameLength), row.Localized("default_owner", MaxNameLength)));
        }

        var missing = CategoryCodes.All.FirstOrDefault(code => !rowByCode.ContainsKey(code));
        if (missing is not null)
        {
            throw new CatalogueException(file.FileName, sheet.HeaderRow, "code",
                $"category '{missing}' is missing; every one of {string.Join(", ", CategoryCodes.All)} is required");
        }

        return categories;
    }

    private static List<Subcategory> ReadSubcategories(
        CatalogueFile file,
        IReadOnlyList<Category> categories,
        IReadOnlyDictionary<string, UnitInfo> units,
        string unitsFileName)
    {
        var sheet = CatalogueSheet.Parse(file, _subcategoryColumns);
        var subcategories = new List<Subcategory>();
        var rowByCode = new Dictionary<string, int>(StringComparer.Ordinal);
        var lastRowByCategory = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var row in sheet.Rows)
        {
            var code = row.Matching("code", SubcategoryCodePattern(), "a category code followed by two digits, e.g. CG01");
            RejectDuplicate(row, "code", code, rowByCode);

            var categoryCode = row.Required("category");
            if (!categories.Any(category => category.Code == categoryCode))
            {
                throw row.Error("category", $"'{categoryCode}' is not a category code in {CategoriesFileName}");
            }

            if (!code.StartsWith(categoryCode, StringComparison.Ordinal))
            {
                throw row.Error("code", $"'{code}' does not start with its category '{categoryCode}'");
            }

            var name = row.Localized("name", MaxNameLength);
            var registration = row.Localized("registration_condition", MaxConditionLength);
            var limit = new TimeLimit(
                row.WholeNumber("time_limit_value", 1, MaxTimeLimitValue),
                row.EnumName<TimeLimitUnit>("time_limit_unit"));
            var closure = row.Localized("closure_condition", MaxConditionLength);
            var lead = ReadLeadUnit(row, units, unitsFileName);
            var support = ReadSupportUnits(row, lead, units, unitsFileName);
            var legalBasis = new LegalBasis(row.Localized("law", MaxLegalTextLength), row.Localized("article", MaxLegalTextLength));

            subcategories.Add(new Subcategory(code, categoryCode, name, registration, limit, closure, lead, support, legalBasis));
            lastRowByCategory[categoryCode] = row.Row;
        }

        foreach (var category in categories)
        {
            var count = subcategories.Count(subcategory => subcategory.CategoryCode == category.Code);
            if (count < MinSubcategoriesPerCategory)
            {
                var row = lastRowByCategory.GetValueOrDefault(category.Code, sheet.HeaderRow);
                throw new CatalogueException(file.FileName, row, "category",
                    $"category '{category.Code}' has {count} subcategories; at least {MinSubcategoriesPerCategory} are required");
            }
        }

        return subcategories;
    }

    private static string ReadLeadUnit(SheetRow row, IReadOnlyDictionary<string, UnitInfo> units, string unitsFileName)
    {
        var lead = row.Required("lead_unit");
        return lead == CatalogueBook.TerritoryToken || units.ContainsKey(lead)
            ? lead
            : throw row.Error("lead_unit", $"'{lead}' is neither a unit id in {unitsFileName} nor '{CatalogueBook.TerritoryToken}'");
    }

    private static IReadOnlyList<string> ReadSupportUnits(
        SheetRow row, string lead, IReadOnlyDictionary<string, UnitInfo> units, string unitsFileName)
    {
        const string column = "support_units";
        var text = row.Value(column);
        var support = new List<string>();
        if (text.Length == 0)
        {
            return support.AsReadOnly();
        }

        foreach (var part in text.Split(';'))
        {
            var id = part.Trim();
            if (id.Length == 0)
            {
                throw row.Error(column, $"'{text}' contains an empty unit id; separate ids with single semicolons");
            }

            if (id == CatalogueBook.TerritoryToken)
            {
                // The territory stands in for a missing owner (属地兜底); as a helper it would name no one in particular.
                throw row.Error(column, $"'{id}' may only be a lead unit");
            }

            if (!units.ContainsKey(id))
            {
                throw row.Error(column, $"'{id}' is not a unit id in {unitsFileName}");
            }

            if (id == lead)
            {
                throw row.Error(column, $"'{id}' is already the lead unit");
            }

            if (support.Contains(id, StringComparer.Ordinal))
            {
                throw row.Error(column, $"'{id}' is listed more than once");
            }

            support.Add(id);
        }

        return support.AsReadOnly();
    }

    private static List<UnitInfo> ReadUnits(CatalogueFile file)
    {
        var sheet = CatalogueSheet.Parse(file, _unitColumns);
        var units = new Dictionary<string, UnitInfo>(StringComparer.Ordinal);
        var rowById = new Dictionary<string, int>(StringComparer.Ordinal);
        var rowsWithUnits = new List<(SheetRow Row, UnitInfo Unit)>();
        foreach (var row in sheet.Rows)
        {
            var id = row.Matching("id", UnitIdPattern(), "a lowercase kebab-case id, e.g. civil-affairs");
            if (id == CatalogueBook.TerritoryToken)
            {
                throw row.Error("id", $"'{id}' is reserved: in {SubcategoriesFileName} it stands for the street of the incident's grid");
            }

            RejectDuplicate(row, "id", id, rowById);
            var name = row.Localized("name", MaxNameLength);
            var kind = row.EnumName<UnitKind>("kind");
            var areaCode = ReadUnitAreaCode(row, kind);
            if (kind == UnitKind.StreetOffice && id != CatalogueBook.StreetOfficeId(areaCode))
            {
                // ResolveLeadUnit finds a street's office by this id alone, so the two must agree.
                throw row.Error("id", $"'{id}' must be '{CatalogueBook.StreetOfficeId(areaCode)}', the street office id for its area_code");
            }

            var parent = row.Value("parent_unit_id");
            var unit = new UnitInfo(id, name, kind, areaCode.Value, parent.Length == 0 ? null : parent);
            units.Add(id, unit);
            rowsWithUnits.Add((row, unit));
        }

        // Parents may be listed after their teams, so they are checked once every id is known.
        foreach (var (row, unit) in rowsWithUnits)
        {
            CheckParent(row, unit, units, file.FileName);
        }

        return [.. rowsWithUnits.Select(entry => entry.Unit)];
    }

    private static AreaCode ReadUnitAreaCode(SheetRow row, UnitKind kind)
    {
        var text = row.Required("area_code");
        if (!AreaCode.TryParse(text, out var areaCode) || areaCode.IsGrid)
        {
            throw row.Error("area_code", $"'{text}' is not a 6, 9 or 12 digit area code");
        }

        if (kind == UnitKind.StreetOffice && areaCode.Level != AreaLevel.Street)
        {
            throw row.Error("area_code", $"'{text}' is not a 9 digit street code, which a street office needs");
        }

        return areaCode;
    }

    private static void CheckParent(SheetRow row, UnitInfo unit, IReadOnlyDictionary<string, UnitInfo> units, string fileName)
    {
        const string column = "parent_unit_id";
        if (unit.ParentUnitId is null)
        {
            if (unit.Kind == UnitKind.FieldTeam)
            {
                throw row.Error(column, "a field team needs the department or street office it belongs to");
            }

            return;
        }

        if (!units.TryGetValue(unit.ParentUnitId, out var parent))
        {
            throw row.Error(column, $"'{unit.ParentUnitId}' is not a unit id in {fileName}");
        }

        if (parent.Kind == UnitKind.FieldTeam)
        {
            throw row.Error(column, $"'{parent.Id}' is a field team; a unit belongs to a department or street office");
        }

        // Escalation walks up the parents, so the chain must end.
        var seen = new HashSet<string>(StringComparer.Ordinal) { unit.Id };
        UnitInfo? ancestor = parent;
        while (ancestor is not null)
        {
            if (!seen.Add(ancestor.Id))
            {
                throw row.Error(column, $"'{unit.ParentUnitId}' leads back to '{ancestor.Id}'; parents must not form a cycle");
            }

            ancestor = ancestor.ParentUnitId is { } next ? units.GetValueOrDefault(next) : null;
        }
    }

    private static void RejectDuplicate(SheetRow row, string column, string key, Dictionary<string, int> firstRows)
    {
        if (firstRows.TryGetValue(key, out var firstRow))
        {
            throw row.Error(column, $"'{key}' already appears in row {firstRow}");
        }

        firstRows.Add(key, row.Row);
    }

    [GeneratedRegex(@"\A[A-Z]{2}[0-9]{2}\z", RegexOptions.CultureInvariant)]
    private static partial Regex SubcategoryCodePattern();

    [GeneratedRegex(@"\A[a-z0-9]+(?:-[a-z0-9]+)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex UnitIdPattern();
}
