using RuleOfLaw.Domain.Tests.Incidents;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.Grains.Privacy;

namespace RuleOfLaw.Domain.Tests.Privacy;

public sealed class PersonalDataTests
{
    private static readonly PersonalInformation People = new(
        new ContactDetails("张三", "138 0013 8000"),
        new PersonDetails("李四", "11010519491231002X", "社区矫正对象"));

    [Theory]
    [InlineData("TS", false, true)]
    [InlineData("MD", false, true)]
    [InlineData("CG", false, false)]
    [InlineData("CG", true, true)]
    public void SpecialPopulationsAndDisputesAreSensitiveByNatureAndIntakeMayMarkAnyCase(string category, bool marked, bool expected) =>
        Assert.Equal(expected, PersonalData.IsSensitive(category, marked));

    [Fact]
    public void RedactionDropsThePeopleOfEveryCaseAndBlursOnlyASensitiveCasesPlace()
    {
        var plain = Cases.InState(IncidentState.InProgress);
        plain = plain with { Report = plain.Report with { Personal = People, Longitude = 105.84567, Latitude = 32.43412, Address = "万缘路12号" } };
        var sensitive = plain with { Report = plain.Report with { Sensitive = true } };

        var redactedPlain = PersonalData.Redact(plain);
        var redactedSensitive = PersonalData.Redact(sensitive);

        Assert.Null(redactedPlain.Report.Personal);
        Assert.Equal((105.84567, 32.43412, "万缘路12号"), (redactedPlain.Report.Longitude, redactedPlain.Report.Latitude, redactedPlain.Report.Address));
        Assert.Null(redactedSensitive.Report.Personal);
        Assert.Equal((105.85, 32.43, (string?)null), (redactedSensitive.Report.Longitude, redactedSensitive.Report.Latitude, redactedSensitive.Report.Address));
        Assert.Equal((105.85, 32.43), (sensitive.ToSummary().Longitude, sensitive.ToSummary().Latitude));
        Assert.Equal((105.84567, 32.43412), (plain.ToSummary().Longitude, plain.ToSummary().Latitude));
    }

    [Fact]
    public void TheRestrictedDetailsAreExactlyWhatRedactionTakesAway()
    {
        var incident = Cases.InState(IncidentState.Registered);
        incident = incident with { Report = incident.Report with { Personal = People, Sensitive = true, Address = "万缘路12号" } };

        var restricted = PersonalData.RestrictedOf(incident);

        Assert.Equal(People.Reporter, restricted.Reporter);
        Assert.Equal(People.Subject, restricted.Subject);
        Assert.Equal((incident.Report.Longitude, incident.Report.Latitude, "万缘路12号", true), (restricted.Longitude, restricted.Latitude, restricted.Address, restricted.Sensitive));
    }

    [Theory]
    [InlineData("11010519491231002X", true)]
    [InlineData("11010519491231002x", true)]
    [InlineData("110105194912310021", false)]
    [InlineData("11010519491231002", false)]
    [InlineData("1101051949123100AX", false)]
    public void ResidentIdentityNumbersNeedEighteenCharactersAndTheirCheckCharacter(string idNumber, bool expected) =>
        Assert.Equal(expected, PersonalFormats.IsResidentIdNumber(idNumber));

    [Theory]
    [InlineData("13800138000", true)]
    [InlineData("+86 138-0013-8000", true)]
    [InlineData("0839-1234567", true)]
    [InlineData("1234", false)]
    [InlineData("call me", false)]
    public void PhonesAreDigitsWithTheSeparatorsPeopleWrite(string phone, bool expected) =>
        Assert.Equal(expected, PersonalFormats.IsPhone(phone));

    [Fact]
    public void AReportKeepsItsPeopleTrimmedAndIsSensitiveWhenMarked()
    {
        var report = Cases.Report(Actors.Of(Role.Intake), IncidentSource.Hotline) with
        {
            Personal = new PersonalInformation(new ContactDetails(" 张三 ", " "), new PersonDetails("李四", "11010519491231002x", null)),
            MarkedSensitive = true,
        };

        var facts = (ReportedFacts)Assert.IsType<Accepted>(IncidentLifecycle.Decide(null, report, Cases.Now, new FixedContext())).Event.Facts!;

        Assert.Equal(new PersonalInformation(new ContactDetails("张三", null), new PersonDetails("李四", "11010519491231002X", null)), facts.Personal);
        Assert.True(facts.Sensitive);
    }

    [Fact]
    public void BadPersonalInformationIsRefusedNamingEachField()
    {
        var report = Cases.Report(Actors.Of(Role.GridWorker)) with
        {
            Personal = new PersonalInformation(new ContactDetails("", "12"), new PersonDetails(new string('名', 51), "110105194912310021", new string('x', 501))),
        };

        var refused = Assert.IsType<Refused>(IncidentLifecycle.Decide(null, report, Cases.Now, new FixedContext()));

        Assert.Equal(RefusalKind.Invalid, refused.Kind);
        Assert.Equal(
            ["reporter", "reporter.name", "reporter.phone", "subject.details", "subject.idNumber", "subject.name"],
            refused.FieldErrors.Keys.Order(StringComparer.Ordinal));
    }
}
