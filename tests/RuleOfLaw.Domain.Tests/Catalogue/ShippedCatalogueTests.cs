using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Common;

namespace RuleOfLaw.Domain.Tests.Catalogue;

/// <summary>The catalogue that ships with the product, as the build copies it to the output directory.</summary>
public sealed class ShippedCatalogueTests
{
    private static readonly string[] _streetCodes =
    [
        "510802001", "510802002", "510802003", "510802004", "510802005", "510802006",
        "510802007", "510802008", "510802009", "510802010", "510802011",
    ];

    private readonly CatalogueBook _book = CatalogueLoader.Load(CatalogueLoader.DefaultDirectory);

    [Fact]
    public void TheCatalogueFilesAreCopiedToCatalogueDataInTheOutputDirectory()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "Catalogue", "Data");

        Assert.Equal(directory, CatalogueLoader.DefaultDirectory);
        Assert.True(File.Exists(Path.Combine(directory, "categories.csv")));
        Assert.True(File.Exists(Path.Combine(directory, "subcategories.csv")));
        Assert.True(File.Exists(Path.Combine(directory, "units.csv")));
    }

    [Fact]
    public void ItHasExactlyTheTenCategoriesOfTheDistrictProgrammeInOrder()
    {
        Assert.Equal(["SZ", "AQ", "ZZ", "TS", "JZ", "TF", "MD", "CG", "ZF", "YQ"], _book.Categories.Select(category => category.Code));
        Assert.Equal(
            ["社会治安", "安全生产", "社会组织", "特殊人群", "社会救助", "突发事件", "矛盾纠纷与信访", "城市管理", "执法协调", "网络舆情"],
            _book.Categories.Select(category => category.Name.ZhCn));
        Assert.Equal(CategoryCodes.All, _book.Categories.Select(category => category.Code));
    }

    [Fact]
    public void EveryCategoryHasAtLeastThreeSubcategories()
    {
        Assert.All(_book.Categories, category => Assert.True(
            _book.SubcategoriesOf(category.Code).Count() >= 3,
            $"{category.Code} has {_book.SubcategoriesOf(category.Code).Count()} subcategories"));
    }

    [Fact]
    public void EverySubcategoryCodeIsItsCategoryCodeFollowedByTwoDigits()
    {
        Assert.All(_book.Subcategories, subcategory => Assert.Matches($"^{subcategory.CategoryCode}[0-9]{{2}}$", subcategory.Code));
    }

    [Fact]
    public void EveryTextHasChineseInZhAndNoChineseInEn()
    {
        var texts = _book.Categories.SelectMany(category => new[] { category.Name, category.DefaultOwner })
            .Concat(_book.Subcategories.SelectMany(subcategory => new[]
            {
                subcategory.Name, subcategory.RegistrationCondition, subcategory.ClosureCondition,
                subcategory.LegalBasis.Law, subcategory.LegalBasis.Article,
            }))
            .Concat(_book.Units.Select(unit => unit.Name));

        Assert.All(texts, text =>
        {
            Assert.True(text.ZhCn.Any(IsChinese), $"zh text has no Chinese: {text.ZhCn}");
            Assert.False(string.IsNullOrWhiteSpace(text.En), $"en text missing for {text.ZhCn}");
            Assert.False(text.En.Any(IsChinese), $"en text contains Chinese: {text.En}");
        });
    }

    [Fact]
    public void EveryLegalBasisCitesALawInBookTitleMarksAndAnArticle()
    {
        Assert.All(_book.Subcategories, subcategory =>
        {
            Assert.Matches("^《.+》$", subcategory.LegalBasis.Law.ZhCn);
            Assert.Matches("^第.+条", subcategory.LegalBasis.Article.ZhCn);
            Assert.Matches("^Articles? [0-9]+", subcategory.LegalBasis.Article.En);
        });
    }

    [Fact]
    public void EveryHandlingLimitIsPositive()
    {
        Assert.All(_book.Subcategories, subcategory => Assert.InRange(subcategory.HandlingLimit.Value, 1, 10000));
    }

    [Fact]
    public void EveryLeadAndSupportUnitResolvesToAUnitInEveryStreet()
    {
        foreach (var street in _streetCodes)
        {
            var grid = street + "001001";
            Assert.All(_book.Subcategories, subcategory =>
            {
                Assert.NotNull(_book.FindUnit(_book.ResolveLeadUnit(subcategory, grid)));
                Assert.All(subcategory.SupportUnits, unit => Assert.NotNull(_book.FindUnit(unit)));
            });
        }
    }

    [Fact]
    public void ThereAreAtLeastTwelveDistrictDepartmentsAllInTheDemoDistrict()
    {
        var departments = _book.Units.Where(unit => unit.Kind == UnitKind.DistrictDepartment).ToList();

        Assert.True(departments.Count >= 12, $"only {departments.Count} district departments");
        Assert.All(departments, department => Assert.Equal("510802", department.AreaCode));
        Assert.All(
            ["police", "emergency", "fire", "ecology", "hrss", "justice", "civil-affairs", "law-enforcement",
             "petition", "cyberspace", "health", "housing", "comprehensive-governance"],
            id => Assert.Equal(UnitKind.DistrictDepartment, _book.FindUnit(id)?.Kind));
    }

    [Fact]
    public void EachOfTheElevenStreetsHasExactlyOneStreetOffice()
    {
        var offices = _book.Units.Where(unit => unit.Kind == UnitKind.StreetOffice).ToList();

        Assert.Equal(_streetCodes, offices.Select(office => office.AreaCode));
        Assert.Equal(_streetCodes.Select(code => "street-" + code), offices.Select(office => office.Id));
        Assert.Equal("东坝街道办事处", _book.FindUnit("street-510802001")?.Name.ZhCn);
        Assert.Equal("Baolun Town Government", _book.FindUnit("street-510802008")?.Name.En);
    }

    [Fact]
    public void EveryFieldTeamBelongsToADepartment()
    {
        var teams = _book.Units.Where(unit => unit.Kind == UnitKind.FieldTeam).ToList();

        Assert.NotEmpty(teams);
        Assert.All(teams, team => Assert.Equal(UnitKind.DistrictDepartment, _book.FindUnit(team.ParentUnitId!)?.Kind));
        Assert.Equal("fire", _book.FindUnit("fire-station-dongba")?.ParentUnitId);
    }

    [Theory]
    [InlineData("CG01", 4, TimeLimitUnit.WorkingHours)]
    [InlineData("CG02", 20, TimeLimitUnit.WorkingDays)]
    [InlineData("CG03", 4, TimeLimitUnit.WorkingHours)]
    [InlineData("MD08", 60, TimeLimitUnit.NaturalDays)]
    public void TheTimeLimitsNamedInTheDomainModelAreKept(string code, int value, TimeLimitUnit unit)
    {
        Assert.Equal(new TimeLimit(value, unit), _book.FindSubcategory(code)?.HandlingLimit);
    }

    [Fact]
    public void EmergenciesRunOnContinuousHours()
    {
        Assert.All(_book.SubcategoriesOf("TF"), subcategory => Assert.Equal(TimeLimitUnit.ContinuousHours, subcategory.HandlingLimit.Unit));
    }

    [Fact]
    public void NeighbourhoodDisputesAreLedByTheTerritory()
    {
        Assert.Equal(CatalogueBook.TerritoryToken, _book.FindSubcategory("MD01")?.LeadUnit);
    }

    [Fact]
    public void IllegalStructuresCiteArticle64OfTheUrbanAndRuralPlanningLaw()
    {
        var basis = _book.FindSubcategory("CG01")?.LegalBasis;

        Assert.Equal(new LocalizedText("《中华人民共和国城乡规划法》", "Urban and Rural Planning Law of the People's Republic of China"), basis?.Law);
        Assert.Equal(new LocalizedText("第六十四条", "Article 64"), basis?.Article);
    }

    [Fact]
    public void TheShippedFilesStillLoadWithAByteOrderMarkAndWindowsLineBreaks()
    {
        static string AsWindowsFile(string text) => "\uFEFF" + text.Replace("\n", "\r\n");
        var shipped = CatalogueTexts.Shipped();
        var windows = new CatalogueTexts(AsWindowsFile(shipped.Categories), AsWindowsFile(shipped.Subcategories), AsWindowsFile(shipped.Units));

        var book = windows.Load();

        Assert.Equal(_book.Subcategories, book.Subcategories, SubcategoryEquality.Instance);
        Assert.Equal(_book.Units, book.Units);
    }

    private static bool IsChinese(char character) => character is >= '\u4E00' and <= '\u9FFF';

    /// <summary>Records compare their support-unit lists by reference, so compare those by content.</summary>
    private sealed class SubcategoryEquality : IEqualityComparer<Subcategory>
    {
        public static readonly SubcategoryEquality Instance = new();

        public bool Equals(Subcategory? x, Subcategory? y) =>
            x is not null && y is not null
            && x with { SupportUnits = [] } == y with { SupportUnits = [] }
            && x.SupportUnits.SequenceEqual(y.SupportUnits);

        public int GetHashCode(Subcategory obj) => obj.Code.GetHashCode(StringComparison.Ordinal);
    }
}
