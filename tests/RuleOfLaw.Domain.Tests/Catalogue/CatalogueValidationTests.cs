using RuleOfLaw.Grains.Catalogue;

namespace RuleOfLaw.Domain.Tests.Catalogue;

/// <summary>
/// One broken rule per test, each made by altering the shipped files; the error must point at the
/// exact file, row and column an administrator has to fix.
/// </summary>
public sealed class CatalogueValidationTests
{
    private const string Categories = CatalogueTexts.CategoriesFile;
    private const string Subcategories = CatalogueTexts.SubcategoriesFile;
    private const string Units = CatalogueTexts.UnitsFile;

    private readonly CatalogueTexts _shipped = CatalogueTexts.Shipped();

    [Fact]
    public void TheUnalteredShippedTextLoads()
    {
        Assert.Equal(10, _shipped.Load().Categories.Count);
    }

    [Fact]
    public void TheMessageNamesFileRowAndFieldInTheDocumentedForm()
    {
        var texts = _shipped.WithCell(Subcategories, "CG03", "time_limit_unit", "Hours");
        var row = texts.RowOf(Subcategories, "CG03");

        var error = texts.LoadFails();

        Assert.Equal(
            $"subcategories.csv row {row}, field time_limit_unit: 'Hours' is not one of ContinuousHours, WorkingHours, WorkingDays, NaturalDays",
            error.Message);
        AssertAt(error, Subcategories, row, "time_limit_unit");
        Assert.Equal("'Hours' is not one of ContinuousHours, WorkingHours, WorkingDays, NaturalDays", error.Problem);
    }

    [Fact]
    public void TheFileNameInErrorsIsTheOneGivenWithTheText()
    {
        var error = Assert.Throws<CatalogueException>(() => CatalogueLoader.Load(
            new CatalogueFile("categories-draft.csv", _shipped.Categories.Replace("\nSZ,", "\nSX,", StringComparison.Ordinal)),
            new CatalogueFile(Subcategories, _shipped.Subcategories),
            new CatalogueFile(Units, _shipped.Units)));

        Assert.Equal("categories-draft.csv", error.FileName);
        Assert.StartsWith("categories-draft.csv row 2, field code: 'SX' is not one of", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RowsCountPhysicalLinesSoACellSpanningLinesPushesLaterRowsDown()
    {
        const string categories =
            "code,name_zh,name_en,default_owner_zh,default_owner_en\n" +
            "SZ,社会治安,\"Public\nsecurity\",公安派出所,Police station\n" +
            "AQ,安全生产,Production safety,,Emergency management bureau\n";

        var error = _shipped.WithText(Categories, categories).LoadFails();

        AssertAt(error, Categories, 4, "default_owner_zh");
        Assert.Equal("a value is required", error.Problem);
    }

    // ---- file structure ----

    [Fact]
    public void AnEmptyFileIsRejectedAtRowOne()
    {
        var error = _shipped.WithText(Units, "").LoadFails();

        AssertAt(error, Units, 1, "id");
        Assert.Equal("the file is empty; expected a header row with id, name_zh, name_en, kind, area_code, parent_unit_id", error.Problem);
    }

    [Fact]
    public void AColumnMissingFromTheHeaderIsRejected()
    {
        var error = _shipped.WithoutColumn(Subcategories, "law_en").LoadFails();

        AssertAt(error, Subcategories, 1, "law_en");
        Assert.Equal("the column is missing from the header", error.Problem);
    }

    [Fact]
    public void AnUnknownHeaderColumnIsRejected()
    {
        var error = _shipped.WithHeaderCell(Subcategories, "law_en", "law_english").LoadFails();

        AssertAt(error, Subcategories, 1, "law_english");
        Assert.StartsWith("is not a column of this file; expected code, category, name_zh", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AColumnNamedTwiceInTheHeaderIsRejected()
    {
        var error = _shipped.WithHeaderCell(Categories, "name_en", "name_zh").LoadFails();

        AssertAt(error, Categories, 1, "name_zh");
        Assert.Equal("the column appears more than once in the header", error.Problem);
    }

    [Fact]
    public void AnEmptyHeaderCellIsRejectedByPosition()
    {
        var error = _shipped.WithHeaderCell(Units, "kind", "").LoadFails();

        AssertAt(error, Units, 1, "column 4");
    }

    [Fact]
    public void ColumnsMayBeReorderedBecauseTheyAreFoundByName()
    {
        var reordered = _shipped.WithText(Units, Csv.Write(
            CsvReader.Read(_shipped.Units).Select(record => (IReadOnlyList<string>)record.Fields.Reverse().ToList())));

        Assert.Equal(_shipped.Load().Units, reordered.Load().Units);
    }

    [Fact]
    public void ARowWithTooFewValuesNamesTheFirstMissingColumn()
    {
        var texts = _shipped.WithRecordEdited(Subcategories, "AQ02", record => record.RemoveRange(14, 2));

        var error = texts.LoadFails();

        AssertAt(error, Subcategories, texts.RowOf(Subcategories, "AQ02"), "article_zh");
        Assert.Equal("the value is missing: the row has 14 values but the header has 16 columns", error.Problem);
    }

    [Fact]
    public void ARowWithTooManyValuesNamesTheExtraColumnByPosition()
    {
        var texts = _shipped.WithRecordEdited(Categories, "JZ", record => record.Add("extra"));

        var error = texts.LoadFails();

        AssertAt(error, Categories, texts.RowOf(Categories, "JZ"), "column 6");
        Assert.Equal("unexpected value: the row has 6 values but the header has 5 columns", error.Problem);
    }

    [Fact]
    public void AnUnclosedQuoteIsReportedWithTheRowAndColumnWhereItOpens()
    {
        var row = _shipped.RowAfterLast(Units);
        var texts = _shipped.WithText(Units, _shipped.Units + "stray-unit,\"never closed\n\n");

        var error = texts.LoadFails();

        AssertAt(error, Units, row, "name_zh");
        Assert.Equal("the field opened with a double quote is never closed", error.Problem);
    }

    [Fact]
    public void AStrayQuoteInsideAnUnquotedCellIsReported()
    {
        var row = _shipped.RowAfterLast(Categories);
        var texts = _shipped.WithText(Categories, _shipped.Categories + "XX,名称,Na\"me,单位,Unit\n");

        var error = texts.LoadFails();

        AssertAt(error, Categories, row, "name_en");
    }

    // ---- categories.csv ----

    [Theory]
    [InlineData("XX")]
    [InlineData("sz")]
    [InlineData("SZ1")]
    public void ACategoryCodeOutsideTheTenIsRejected(string code)
    {
        var texts = _shipped.WithCell(Categories, "SZ", "code", code);

        var error = texts.LoadFails();

        AssertAt(error, Categories, texts.RowOf(Categories, code), "code");
        Assert.Equal($"'{code}' is not one of SZ, AQ, ZZ, TS, JZ, TF, MD, CG, ZF, YQ", error.Problem);
    }

    [Fact]
    public void ADuplicateCategoryCodeIsRejectedAtItsSecondRow()
    {
        var firstRow = _shipped.RowOf(Categories, "SZ");
        var secondRow = _shipped.RowOf(Categories, "AQ");

        var error = _shipped.WithCell(Categories, "AQ", "code", "SZ").LoadFails();

        AssertAt(error, Categories, secondRow, "code");
        Assert.Equal($"'SZ' already appears in row {firstRow}", error.Problem);
    }

    [Fact]
    public void AMissingCategoryIsReportedAtTheHeaderRow()
    {
        var error = _shipped.WithoutRecords(Categories, "YQ").LoadFails();

        AssertAt(error, Categories, 1, "code");
        Assert.Equal("category 'YQ' is missing; every one of SZ, AQ, ZZ, TS, JZ, TF, MD, CG, ZF, YQ is required", error.Problem);
    }

    [Theory]
    [InlineData("name_zh")]
    [InlineData("name_en")]
    [InlineData("default_owner_zh")]
    [InlineData("default_owner_en")]
    public void AnEmptyCategoryTextIsRejected(string column)
    {
        var texts = _shipped.WithCell(Categories, "TF", column, "  ");

        var error = texts.LoadFails();

        AssertAt(error, Categories, texts.RowOf(Categories, "TF"), column);
        Assert.Equal("a value is required", error.Problem);
    }

    [Fact]
    public void ACategoryNameLongerThanOneHundredCharactersIsRejected()
    {
        var texts = _shipped.WithCell(Categories, "CG", "name_en", new string('x', 101));

        var error = texts.LoadFails();

        AssertAt(error, Categories, texts.RowOf(Categories, "CG"), "name_en");
        Assert.Equal("the text is 101 characters long; at most 100 are allowed", error.Problem);
    }

    [Fact]
    public void ACategoryNameOfExactlyOneHundredCharactersIsAccepted()
    {
        var book = _shipped.WithCell(Categories, "CG", "name_zh", new string('城', 100)).Load();

        Assert.Equal(100, book.FindCategory("CG")!.Name.ZhCn.Length);
    }

    // ---- subcategories.csv ----

    [Theory]
    [InlineData("CG3")]
    [InlineData("CG003")]
    [InlineData("cg03")]
    [InlineData("C-03")]
    public void ASubcategoryCodeThatIsNotTwoLettersAndTwoDigitsIsRejected(string code)
    {
        var texts = _shipped.WithCell(Subcategories, "CG03", "code", code);

        var error = texts.LoadFails();

        AssertAt(error, Subcategories, texts.RowOf(Subcategories, code), "code");
        Assert.Equal($"'{code}' is not a category code followed by two digits, e.g. CG01", error.Problem);
    }

    [Fact]
    public void ASubcategoryCodeThatDoesNotStartWithItsCategoryIsRejected()
    {
        var texts = _shipped.WithCell(Subcategories, "CG03", "category", "MD");

        var error = texts.LoadFails();

        AssertAt(error, Subcategories, texts.RowOf(Subcategories, "CG03"), "code");
        Assert.Equal("'CG03' does not start with its category 'MD'", error.Problem);
    }

    [Fact]
    public void ASubcategoryOfAnUnknownCategoryIsRejected()
    {
        var texts = _shipped.WithCell(Subcategories, "CG03", "category", "QQ");

        var error = texts.LoadFails();

        AssertAt(error, Subcategories, texts.RowOf(Subcategories, "CG03"), "category");
        Assert.Equal("'QQ' is not a category code in categories.csv", error.Problem);
    }

    [Fact]
    public void ADuplicateSubcategoryCodeIsRejectedAtItsSecondRow()
    {
        var firstRow = _shipped.RowOf(Subcategories, "CG03");
        var secondRow = _shipped.RowOf(Subcategories, "CG04");

        var error = _shipped.WithCell(Subcategories, "CG04", "code", "CG03").LoadFails();

        AssertAt(error, Subcategories, secondRow, "code");
        Assert.Equal($"'CG03' already appears in row {firstRow}", error.Problem);
    }

    [Theory]
    [InlineData("name_zh")]
    [InlineData("registration_condition_en")]
    [InlineData("time_limit_value")]
    [InlineData("time_limit_unit")]
    [InlineData("closure_condition_en")]
    [InlineData("lead_unit")]
    [InlineData("law_zh")]
    [InlineData("article_en")]
    public void AnEmptyRequiredSubcategoryFieldIsRejected(string column)
    {
        var texts = _shipped.WithCell(Subcategories, "TS02", column, "");

        var error = texts.LoadFails();

        AssertAt(error, Subcategories, texts.RowOf(Subcategories, "TS02"), column);
        Assert.Equal("a value is required", error.Problem);
    }

    [Fact]
    public void ASubcategoryNameLongerThanOneHundredCharactersIsRejected()
    {
        var texts = _shipped.WithCell(Subcategories, "ZZ01", "name_zh", new string('名', 101));

        var error = texts.LoadFails();

        AssertAt(error, Subcategories, texts.RowOf(Subcategories, "ZZ01"), "name_zh");
        Assert.Equal("the text is 101 characters long; at most 100 are allowed", error.Problem);
    }

    [Theory]
    [InlineData("registration_condition_zh")]
    [InlineData("closure_condition_en")]
    public void AConditionLongerThanFiveHundredCharactersIsRejected(string column)
    {
        var texts = _shipped.WithCell(Subcategories, "MD02", column, new string('条', 501));

        var error = texts.LoadFails();

        AssertAt(error, Subcategories, texts.RowOf(Subcategories, "MD02"), column);
        Assert.Equal("the text is 501 characters long; at most 500 are allowed", error.Problem);
    }

    [Fact]
    public void AConditionOfExactlyFiveHundredCharactersIsAccepted()
    {
        var book = _shipped.WithCell(Subcategories, "MD02", "closure_condition_zh", new string('条', 500)).Load();

        Assert.Equal(500, book.FindSubcategory("MD02")!.ClosureCondition.ZhCn.Length);
    }

    [Fact]
    public void ALawNameLongerThanTwoHundredCharactersIsRejected()
    {
        var texts = _shipped.WithCell(Subcategories, "AQ01", "law_en", new string('L', 201));

        var error = texts.LoadFails();

        AssertAt(error, Subcategories, texts.RowOf(Subcategories, "AQ01"), "law_en");
        Assert.Equal("the text is 201 characters long; at most 200 are allowed", error.Problem);
    }

    [Theory]
    [InlineData("0", "'0' is not between 1 and 10000")]
    [InlineData("10001", "'10001' is not between 1 and 10000")]
    [InlineData("-4", "'-4' is not a whole number between 1 and 10000")]
    [InlineData("+4", "'+4' is not a whole number between 1 and 10000")]
    [InlineData("4.5", "'4.5' is not a whole number between 1 and 10000")]
    [InlineData("four", "'four' is not a whole number between 1 and 10000")]
    [InlineData("99999999999", "'99999999999' is not a whole number between 1 and 10000")]
    public void ATimeLimitValueThatIsNotAWholeNumberFromOneToTenThousandIsRejected(string value, string problem)
    {
        var texts = _shipped.WithCell(Subcategories, "CG01", "time_limit_value", value);

        var error = texts.LoadFails();

        AssertAt(error, Subcategories, texts.RowOf(Subcategories, "CG01"), "time_limit_value");
        Assert.Equal(problem, error.Problem);
    }

    [Fact]
    public void ATimeLimitOfTenThousandIsAccepted()
    {
        var book = _shipped.WithCell(Subcategories, "CG01", "time_limit_value", "10000").Load();

        Assert.Equal(10000, book.FindSubcategory("CG01")!.HandlingLimit.Value);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("workinghours")]
    [InlineData("Working Hours")]
    public void ATimeLimitUnitMustBeAnExactEnumName(string unit)
    {
        var texts = _shipped.WithCell(Subcategories, "CG01", "time_limit_unit", unit);

        var error = texts.LoadFails();

        AssertAt(error, Subcategories, texts.RowOf(Subcategories, "CG01"), "time_limit_unit");
        Assert.Equal($"'{unit}' is not one of ContinuousHours, WorkingHours, WorkingDays, NaturalDays", error.Problem);
    }

    [Fact]
    public void AnUnknownLeadUnitIsRejected()
    {
        var texts = _shipped.WithCell(Subcategories, "AQ04", "lead_unit", "emergency-bureau");

        var error = texts.LoadFails();

        AssertAt(error, Subcategories, texts.RowOf(Subcategories, "AQ04"), "lead_unit");
        Assert.Equal("'emergency-bureau' is neither a unit id in units.csv nor 'territory'", error.Problem);
    }

    [Fact]
    public void RemovingAUnitThatASubcategoryLeadsWithIsReportedAtThatSubcategory()
    {
        var texts = _shipped.WithoutRecords(Units, "ecology");

        var error = texts.LoadFails();

        AssertAt(error, Subcategories, texts.RowOf(Subcategories, "MD07"), "lead_unit");
    }

    [Fact]
    public void TheTerritoryIsAcceptedAsALeadUnit()
    {
        var book = _shipped.WithCell(Subcategories, "CG04", "lead_unit", "territory").Load();

        Assert.Equal("street-510802003", book.ResolveLeadUnit(book.FindSubcategory("CG04")!, "510802003001001"));
    }

    [Theory]
    [InlineData("police;no-such-unit", "'no-such-unit' is not a unit id in units.csv")]
    [InlineData("police;territory", "'territory' may only be a lead unit")]
    [InlineData("police;police", "'police' is listed more than once")]
    [InlineData("police;law-enforcement", "'law-enforcement' is already the lead unit")]
    [InlineData("police;;fire", "'police;;fire' contains an empty unit id; separate ids with single semicolons")]
    [InlineData("police;", "'police;' contains an empty unit id; separate ids with single semicolons")]
    public void AnInvalidSupportUnitListIsRejected(string supportUnits, string problem)
    {
        var texts = _shipped.WithCell(Subcategories, "CG03", "support_units", supportUnits);

        var error = texts.LoadFails();

        AssertAt(error, Subcategories, texts.RowOf(Subcategories, "CG03"), "support_units");
        Assert.Equal(problem, error.Problem);
    }

    [Fact]
    public void SupportUnitIdsMayHaveSpacesAroundTheSemicolons()
    {
        var book = _shipped.WithCell(Subcategories, "CG03", "support_units", "sanitation-team ; police").Load();

        Assert.Equal(["sanitation-team", "police"], book.FindSubcategory("CG03")!.SupportUnits);
    }

    [Fact]
    public void ACategoryWithFewerThanThreeSubcategoriesIsReportedAtItsLastSubcategory()
    {
        var texts = _shipped.WithoutRecords(Subcategories, "YQ03", "YQ04");

        var error = texts.LoadFails();

        AssertAt(error, Subcategories, texts.RowOf(Subcategories, "YQ02"), "category");
        Assert.Equal("category 'YQ' has 2 subcategories; at least 3 are required", error.Problem);
    }

    [Fact]
    public void ACategoryWithNoSubcategoriesIsReportedAtTheHeaderRow()
    {
        var error = _shipped.WithoutRecords(Subcategories, "ZF01", "ZF02", "ZF03", "ZF04").LoadFails();

        AssertAt(error, Subcategories, 1, "category");
        Assert.Equal("category 'ZF' has 0 subcategories; at least 3 are required", error.Problem);
    }

    // ---- units.csv ----

    [Theory]
    [InlineData("Police")]
    [InlineData("civil_affairs")]
    [InlineData("-police")]
    [InlineData("police-")]
    [InlineData("police--station")]
    [InlineData("派出所")]
    public void AUnitIdThatIsNotLowercaseKebabCaseIsRejected(string id)
    {
        var texts = _shipped.WithCell(Units, "market", "id", id);

        var error = texts.LoadFails();

        AssertAt(error, Units, texts.RowOf(Units, id), "id");
        Assert.Equal($"'{id}' is not a lowercase kebab-case id, e.g. civil-affairs", error.Problem);
    }

    [Fact]
    public void TheTerritoryTokenCannotBeAUnitId()
    {
        var texts = _shipped.WithCell(Units, "market", "id", "territory");

        var error = texts.LoadFails();

        AssertAt(error, Units, texts.RowOf(Units, "territory"), "id");
        Assert.Equal("'territory' is reserved: in subcategories.csv it stands for the street of the incident's grid", error.Problem);
    }

    [Fact]
    public void ADuplicateUnitIdIsRejectedAtItsSecondRow()
    {
        var firstRow = _shipped.RowOf(Units, "police");
        var secondRow = _shipped.RowOf(Units, "market");

        var error = _shipped.WithCell(Units, "market", "id", "police").LoadFails();

        AssertAt(error, Units, secondRow, "id");
        Assert.Equal($"'police' already appears in row {firstRow}", error.Problem);
    }

    [Theory]
    [InlineData("Department")]
    [InlineData("0")]
    [InlineData("fieldteam")]
    public void AnUnknownUnitKindIsRejected(string kind)
    {
        var texts = _shipped.WithCell(Units, "water", "kind", kind);

        var error = texts.LoadFails();

        AssertAt(error, Units, texts.RowOf(Units, "water"), "kind");
        Assert.Equal($"'{kind}' is not one of DistrictDepartment, StreetOffice, FieldTeam", error.Problem);
    }

    [Theory]
    [InlineData("51080")]
    [InlineData("5108020")]
    [InlineData("510802001002007")]
    [InlineData("51080A")]
    public void AnAreaCodeThatIsNotSixNineOrTwelveDigitsIsRejected(string areaCode)
    {
        var texts = _shipped.WithCell(Units, "health", "area_code", areaCode);

        var error = texts.LoadFails();

        AssertAt(error, Units, texts.RowOf(Units, "health"), "area_code");
        Assert.Equal($"'{areaCode}' is not a 6, 9 or 12 digit area code", error.Problem);
    }

    [Theory]
    [InlineData("510802")]
    [InlineData("510802001002")]
    public void AStreetOfficeNeedsANineDigitStreetCode(string areaCode)
    {
        var texts = _shipped.WithCell(Units, "street-510802005", "area_code", areaCode);

        var error = texts.LoadFails();

        AssertAt(error, Units, texts.RowOf(Units, "street-510802005"), "area_code");
        Assert.Equal($"'{areaCode}' is not a 9 digit street code, which a street office needs", error.Problem);
    }

    [Fact]
    public void AStreetOfficeIdMustMatchItsStreetCode()
    {
        var texts = _shipped.WithCell(Units, "street-510802005", "area_code", "510802012");

        var error = texts.LoadFails();

        AssertAt(error, Units, texts.RowOf(Units, "street-510802005"), "id");
        Assert.Equal("'street-510802005' must be 'street-510802012', the street office id for its area_code", error.Problem);
    }

    [Fact]
    public void AnUnknownParentUnitIsRejected()
    {
        var texts = _shipped.WithCell(Units, "fire-station-dongba", "parent_unit_id", "fire-brigade");

        var error = texts.LoadFails();

        AssertAt(error, Units, texts.RowOf(Units, "fire-station-dongba"), "parent_unit_id");
        Assert.Equal("'fire-brigade' is not a unit id in units.csv", error.Problem);
    }

    [Fact]
    public void AFieldTeamWithoutAParentIsRejected()
    {
        var texts = _shipped.WithCell(Units, "water-repair-team", "parent_unit_id", "");

        var error = texts.LoadFails();

        AssertAt(error, Units, texts.RowOf(Units, "water-repair-team"), "parent_unit_id");
        Assert.Equal("a field team needs the department or street office it belongs to", error.Problem);
    }

    [Fact]
    public void AFieldTeamCannotBeAParent()
    {
        var texts = _shipped.WithCell(Units, "law-enforcement-team-2", "parent_unit_id", "law-enforcement-team-1");

        var error = texts.LoadFails();

        AssertAt(error, Units, texts.RowOf(Units, "law-enforcement-team-2"), "parent_unit_id");
        Assert.Equal("'law-enforcement-team-1' is a field team; a unit belongs to a department or street office", error.Problem);
    }

    [Fact]
    public void ParentsThatFormACycleAreRejected()
    {
        var texts = _shipped
            .WithCell(Units, "police", "parent_unit_id", "justice")
            .WithCell(Units, "justice", "parent_unit_id", "police");

        var error = texts.LoadFails();

        AssertAt(error, Units, texts.RowOf(Units, "police"), "parent_unit_id");
        Assert.Equal("'justice' leads back to 'police'; parents must not form a cycle", error.Problem);
    }

    [Fact]
    public void AUnitCannotBeItsOwnParent()
    {
        var texts = _shipped.WithCell(Units, "petition", "parent_unit_id", "petition");

        var error = texts.LoadFails();

        AssertAt(error, Units, texts.RowOf(Units, "petition"), "parent_unit_id");
    }

    [Fact]
    public void AParentListedAfterItsTeamIsAccepted()
    {
        var book = _shipped.WithRecordEdited(Units, "sanitation-team", record => record[5] = "street-510802011").Load();

        Assert.Equal("street-510802011", book.FindUnit("sanitation-team")!.ParentUnitId);
    }

    private static void AssertAt(CatalogueException error, string fileName, int row, string field)
    {
        Assert.Equal((fileName, row, field), (error.FileName, error.Row, error.Field));
        Assert.Equal($"{fileName} row {row}, field {field}: {error.Problem}", error.Message);
    }
}
