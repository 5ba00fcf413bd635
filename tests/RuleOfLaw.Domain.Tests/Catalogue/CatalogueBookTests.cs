using RuleOfLaw.Grains.Catalogue;

namespace RuleOfLaw.Domain.Tests.Catalogue;

public sealed class CatalogueBookTests
{
    private readonly CatalogueBook _book = CatalogueTexts.Shipped().Load();

    [Fact]
    public void ATerritoryLedSubcategoryResolvesToTheStreetOfficeOfTheGrid()
    {
        var subsistence = _book.FindSubcategory("JZ01")!;

        Assert.Equal("territory", subsistence.LeadUnit);
        Assert.Equal("street-510802008", _book.ResolveLeadUnit(subsistence, "510802008003012"));
        Assert.Equal("street-510802001", _book.ResolveLeadUnit(subsistence, "510802001002007"));
    }

    [Fact]
    public void ASubcategoryWithANamedLeadUnitResolvesToThatUnitWhateverTheGrid()
    {
        var exposedGarbage = _book.FindSubcategory("CG03")!;

        Assert.Equal("law-enforcement", _book.ResolveLeadUnit(exposedGarbage, "510802001002007"));
        Assert.Equal("law-enforcement", _book.ResolveLeadUnit(exposedGarbage, "510802011001001"));
    }

    [Theory]
    [InlineData("510802001")]
    [InlineData("510802001002")]
    [InlineData("51080200100200A")]
    [InlineData("")]
    public void ResolvingForSomethingOtherThanAFifteenDigitGridCodeIsRefused(string gridCode)
    {
        var error = Assert.Throws<ArgumentException>(() => _book.ResolveLeadUnit(_book.FindSubcategory("MD01")!, gridCode));

        Assert.Equal("gridCode", error.ParamName);
    }

    [Fact]
    public void ResolvingTheTerritoryOfAStreetWithoutAnOfficeFailsInsteadOfNamingNoOne()
    {
        var error = Assert.Throws<InvalidOperationException>(() => _book.ResolveLeadUnit(_book.FindSubcategory("MD01")!, "510802099001001"));

        Assert.Contains("street-510802099", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FindingAnUnknownCodeOrIdReturnsNull()
    {
        Assert.Null(_book.FindCategory("XX"));
        Assert.Null(_book.FindCategory("sz"));
        Assert.Null(_book.FindSubcategory("CG99"));
        Assert.Null(_book.FindUnit("Police"));
        Assert.Null(_book.FindUnit(CatalogueBook.TerritoryToken));
    }

    [Fact]
    public void FindingKnownEntriesReturnsThem()
    {
        Assert.Equal("城市管理", _book.FindCategory("CG")?.Name.ZhCn);
        Assert.Equal("Exposed garbage", _book.FindSubcategory("CG03")?.Name.En);
        Assert.Equal("利州区综合行政执法局", _book.FindUnit("law-enforcement")?.Name.ZhCn);
    }

    [Theory]
    [InlineData("law-enforcement", "law-enforcement")]
    [InlineData("sanitation-team", "law-enforcement")]
    [InlineData("fire-station-dongba", "fire")]
    [InlineData("street-510802001", null)]
    [InlineData("no-such-unit", null)]
    public void AUnitAnswersToItselfOrItsParentDepartmentAndAStreetOfficeToNone(string unit, string? department) =>
        Assert.Equal(department, _book.DistrictDepartmentOf(unit));

    [Fact]
    public void SubcategoriesOfACategoryComeInFileOrder()
    {
        Assert.Equal(["CG01", "CG02", "CG03", "CG04", "CG05"], _book.SubcategoriesOf("CG").Select(subcategory => subcategory.Code));
    }

    [Fact]
    public void SubcategoriesOfAnUnknownCategoryIsEmpty()
    {
        Assert.Empty(_book.SubcategoriesOf("XX"));
    }

    [Fact]
    public void TheListsOfTheBookCannotBeChangedByCallers()
    {
        Assert.True(((ICollection<Category>)_book.Categories).IsReadOnly);
        Assert.True(((ICollection<Subcategory>)_book.Subcategories).IsReadOnly);
        Assert.True(((ICollection<UnitInfo>)_book.Units).IsReadOnly);
        Assert.All(_book.Subcategories, subcategory => Assert.True(((ICollection<string>)subcategory.SupportUnits).IsReadOnly));
    }

    [Fact]
    public void SupportUnitsKeepTheirOrderFromTheFile()
    {
        Assert.Equal(["road-repair-team", "police", "emergency"], _book.FindSubcategory("TF01")?.SupportUnits);
        Assert.Empty(_book.FindSubcategory("CG04")!.SupportUnits);
    }
}
