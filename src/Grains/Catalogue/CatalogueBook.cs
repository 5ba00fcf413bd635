using System.Collections.Frozen;
using RuleOfLaw.Grains.Areas;

namespace RuleOfLaw.Grains.Catalogue;

/// <summary>
/// The loaded, validated case catalogue: categories, subcategories (the power list) and the units
/// they name. Immutable, so one instance can be shared by every grain and request; build it with
/// <see cref="CatalogueLoader"/>.
/// </summary>
public sealed class CatalogueBook
{
    /// <summary>
    /// The lead unit that stands for the street office of the street the incident's grid lies in
    /// (属地兜底: when no department owns a matter, the territory does).
    /// </summary>
    public const string TerritoryToken = "territory";

    /// <summary>Street office ids are this prefix followed by the 9-digit street code.</summary>
    public const string StreetOfficeIdPrefix = "street-";

    private readonly FrozenDictionary<string, Category> _categoriesByCode;
    private readonly FrozenDictionary<string, Subcategory> _subcategoriesByCode;
    private readonly FrozenDictionary<string, UnitInfo> _unitsById;
    private readonly FrozenDictionary<string, IReadOnlyList<Subcategory>> _subcategoriesByCategory;

    internal CatalogueBook(IReadOnlyList<Category> categories, IReadOnlyList<Subcategory> subcategories, IReadOnlyList<UnitInfo> units)
    {
        Categories = categories.ToArray().AsReadOnly();
        Subcategories = subcategories.ToArray().AsReadOnly();
        Units = units.ToArray().AsReadOnly();
        _categoriesByCode = Categories.ToFrozenDictionary(category => category.Code, StringComparer.Ordinal);
        _subcategoriesByCode = Subcategories.ToFrozenDictionary(subcategory => subcategory.Code, StringComparer.Ordinal);
        _unitsById = Units.ToFrozenDictionary(unit => unit.Id, StringComparer.Ordinal);
        _subcategoriesByCategory = Categories.ToFrozenDictionary(
            category => category.Code,
            category => (IReadOnlyList<Subcategory>)Subcategories.Where(subcategory => subcategory.CategoryCode == category.Code).ToArray().AsReadOnly(),
            StringComparer.Ordinal);
    }

    /// <summary>The categories in file order.</summary>
    public IReadOnlyList<Category> Categories { get; }

    /// <summary>The subcategories in file order.</summary>
    public IReadOnlyList<Subcategory> Subcategories { get; }

    /// <summary>The units in file order.</summary>
    public IReadOnlyList<UnitInfo> Units { get; }

    public Category? FindCategory(string code) => _categoriesByCode.GetValueOrDefault(code);

    public Subcategory? FindSubcategory(string code) => _subcategoriesByCode.GetValueOrDefault(code);

    public UnitInfo? FindUnit(string id) => _unitsById.GetValueOrDefault(id);

    /// <summary>
    /// The district department a unit answers to: itself when it is one, else the nearest one among
    /// its parents (a field team's department); null for a street office and for an unknown id.
    /// The loader refuses cycles, so the walk ends.
    /// </summary>
    public string? DistrictDepartmentOf(string unitId)
    {
        for (var unit = FindUnit(unitId); unit is not null; unit = unit.ParentUnitId is { } parent ? FindUnit(parent) : null)
        {
            if (unit.Kind == UnitKind.DistrictDepartment)
            {
                return unit.Id;
            }
        }

        return null;
    }

    /// <summary>The subcategories of a category in file order; empty for an unknown code.</summary>
    public IEnumerable<Subcategory> SubcategoriesOf(string categoryCode) =>
        _subcategoriesByCategory.GetValueOrDefault(categoryCode) ?? [];

    /// <summary>
    /// The id of the unit that leads a case of <paramref name="subcategory"/> in the grid
    /// <paramref name="gridCode"/>: the subcategory's lead unit, or for <see cref="TerritoryToken"/>
    /// the office of the street the grid lies in (the grid code's first 9 digits).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="gridCode"/> is not a 15-digit grid code.</exception>
    /// <exception cref="InvalidOperationException">The territory's street has no office in the catalogue.</exception>
    public string ResolveLeadUnit(Subcategory subcategory, string gridCode)
    {
        ArgumentNullException.ThrowIfNull(subcategory);
        if (!AreaCode.TryParse(gridCode, out var grid) || !grid.IsGrid)
        {
            throw new ArgumentException($"'{gridCode}' is not a 15-digit grid code.", nameof(gridCode));
        }

        if (subcategory.LeadUnit != TerritoryToken)
        {
            return subcategory.LeadUnit;
        }

        // Failing here rather than returning an unknown id keeps a case from being dispatched to no one.
        var streetOffice = StreetOfficeId(grid.AtLevel(AreaLevel.Street));
        return _unitsById.ContainsKey(streetOffice)
            ? streetOffice
            : throw new InvalidOperationException($"Subcategory {subcategory.Code} is led by the territory, but the catalogue has no street office '{streetOffice}' for grid {gridCode}.");
    }

    /// <summary>The id of the street office of a 9-digit street code, e.g. <c>street-510802001</c>.</summary>
    public static string StreetOfficeId(AreaCode street) =>
        street.Level == AreaLevel.Street
            ? StreetOfficeIdPrefix + street.Value
            : throw new ArgumentException($"'{street}' is not a 9-digit street code.", nameof(street));
}
