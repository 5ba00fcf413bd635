using RuleOfLaw.Grains.Catalogue;

namespace RuleOfLaw.Domain.Tests.Catalogue;

public sealed class CsvReaderTests
{
    [Fact]
    public void PlainRecordsAreSplitAtCommasAndNumberedByRow()
    {
        var records = CsvReader.Read("code,name\nCG,城市管理\nMD,矛盾纠纷与信访\n");

        Assert.Equal([1, 2, 3], records.Select(record => record.Row));
        Assert.Equal(["CG", "城市管理"], records[1].Fields);
    }

    [Fact]
    public void AQuotedFieldMayContainCommas()
    {
        var record = Assert.Single(CsvReader.Read("a,\"one, two\",b"));

        Assert.Equal(["a", "one, two", "b"], record.Fields);
    }

    [Fact]
    public void ADoubledQuoteInsideAQuotedFieldIsOneQuote()
    {
        var record = Assert.Single(CsvReader.Read("\"say \"\"hello\"\"\",\"\"\"\""));

        Assert.Equal(["say \"hello\"", "\""], record.Fields);
    }

    [Fact]
    public void AQuotedFieldMaySpanLinesAndLaterRecordsKeepTheirPhysicalRows()
    {
        var records = CsvReader.Read("h1,h2\na,\"first line\nsecond line\nthird line\"\nb,c\n");

        Assert.Equal([1, 2, 5], records.Select(record => record.Row));
        Assert.Equal("first line\nsecond line\nthird line", records[1].Fields[1]);
        Assert.Equal(["b", "c"], records[2].Fields);
    }

    [Fact]
    public void CrlfLineBreaksAreAcceptedAndEmbeddedOnesBecomeLf()
    {
        var records = CsvReader.Read("a,b\r\n\"x\r\ny\",z\r\nc,d\r\n");

        Assert.Equal([1, 2, 4], records.Select(record => record.Row));
        Assert.Equal(["x\ny", "z"], records[1].Fields);
        Assert.Equal(["c", "d"], records[2].Fields);
    }

    [Fact]
    public void MixedAndLoneCarriageReturnLineBreaksEachEndARow()
    {
        var records = CsvReader.Read("a\rb\r\nc\nd");

        Assert.Equal([1, 2, 3, 4], records.Select(record => record.Row));
        Assert.Equal(["a", "b", "c", "d"], records.Select(record => record.Fields.Single()));
    }

    [Fact]
    public void ALeadingByteOrderMarkIsIgnored()
    {
        var record = Assert.Single(CsvReader.Read("\uFEFFcode,name\n"));

        Assert.Equal(["code", "name"], record.Fields);
    }

    [Fact]
    public void AQuotedFirstFieldAfterAByteOrderMarkIsStillQuoted()
    {
        var record = Assert.Single(CsvReader.Read("\uFEFF\"a,b\",c"));

        Assert.Equal(["a,b", "c"], record.Fields);
    }

    [Fact]
    public void BlankLinesAreSkippedButStillCounted()
    {
        var records = CsvReader.Read("a\n\n\r\nb\n\n");

        Assert.Equal([1, 4], records.Select(record => record.Row));
    }

    [Fact]
    public void TheLastRecordNeedsNoLineBreak()
    {
        var records = CsvReader.Read("a,b\nc,d");

        Assert.Equal(["c", "d"], records[^1].Fields);
    }

    [Fact]
    public void EmptyFieldsArePreservedIncludingATrailingOne()
    {
        var record = Assert.Single(CsvReader.Read("a,,b,\n"));

        Assert.Equal(["a", "", "b", ""], record.Fields);
    }

    [Fact]
    public void ALineWithOnlyAQuotedEmptyFieldIsARecord()
    {
        var record = Assert.Single(CsvReader.Read("\"\"\n"));

        Assert.Equal([""], record.Fields);
    }

    [Fact]
    public void EmptyTextHasNoRecords()
    {
        Assert.Empty(CsvReader.Read(""));
        Assert.Empty(CsvReader.Read("\uFEFF"));
    }

    [Fact]
    public void SpacesAroundValuesAreKeptAsRfc4180Requires()
    {
        var record = Assert.Single(CsvReader.Read(" a , b "));

        Assert.Equal([" a ", " b "], record.Fields);
    }

    [Fact]
    public void AnUnclosedQuoteIsReportedAtTheRowWhereTheFieldOpens()
    {
        var error = Assert.Throws<CsvFormatException>(() => CsvReader.Read("a,b\nc,\"d\ne\nf\n"));

        Assert.Equal(2, error.Row);
        Assert.Equal(2, error.FieldNumber);
        Assert.Equal("row 2, field 2: the field opened with a double quote is never closed", error.Message);
    }

    [Fact]
    public void AQuoteInsideAnUnquotedFieldIsRejected()
    {
        var error = Assert.Throws<CsvFormatException>(() => CsvReader.Read("a,b\nc,d\"e\n"));

        Assert.Equal(2, error.Row);
        Assert.Equal(2, error.FieldNumber);
        Assert.Equal("a double quote may only appear in a field enclosed in double quotes", error.Problem);
    }

    [Fact]
    public void TextAfterAClosingQuoteIsRejected()
    {
        var error = Assert.Throws<CsvFormatException>(() => CsvReader.Read("\"a\nb\"c,d"));

        Assert.Equal(2, error.Row);
        Assert.Equal(1, error.FieldNumber);
        Assert.Equal("a closing double quote must be followed by a comma or the end of the line", error.Problem);
    }

    [Fact]
    public void RecordsBeforeASyntaxErrorAreStillEnumerated()
    {
        var read = new List<CsvRecord>();

        Assert.Throws<CsvFormatException>(() =>
        {
            foreach (var record in CsvReader.Enumerate("a,b\nc,d\ne,\"f"))
            {
                read.Add(record);
            }
        });
        Assert.Equal([1, 2], read.Select(record => record.Row));
    }
}
