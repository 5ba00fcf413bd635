using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Incidents;

namespace RuleOfLaw.Grains.Privacy;

/// <summary>
/// What is restricted and how it is hidden (domain.md §7). A case is sensitive when its category
/// concerns people by its nature (special populations, disputes and petitions) or when intake
/// marks it so; a sensitive case's exact position and address are restricted, and every case's
/// personal information is. Everyone sees the redacted case; the restricted fields are read
/// only through their own door, and each such read is recorded.
/// </summary>
public static class PersonalData
{
    /// <summary>特殊人群 and 矛盾纠纷与信访: where a case's location points at a person.</summary>
    public static IReadOnlySet<string> SensitiveCategories { get; } = new HashSet<string>(StringComparer.Ordinal) { "TS", "MD" };

    /// <summary>
    /// Two decimal places of a degree: about 1.1 km north–south and 0.9 km east–west here, enough
    /// to place a marker in its street on a wall map and too coarse to find a door.
    /// </summary>
    public const int BlurDecimals = 2;

    public static bool IsSensitive(string categoryCode, bool markedSensitive) => markedSensitive || SensitiveCategories.Contains(categoryCode);

    public static double Blur(double degrees) => Math.Round(degrees, BlurDecimals, MidpointRounding.AwayFromZero);

    /// <summary>The report's facts as anyone may see them: no people; a sensitive case blurred and without address.</summary>
    public static ReportedFacts Redact(ReportedFacts facts) => facts.Sensitive
        ? facts with { Personal = null, Longitude = Blur(facts.Longitude), Latitude = Blur(facts.Latitude), Address = null }
        : facts with { Personal = null };

    public static IncidentRecord Redact(IncidentRecord incident) => incident with { Report = Redact(incident.Report) };

    public static IncidentEvent Redact(IncidentEvent e) => e.Facts is ReportedFacts facts ? e with { Facts = Redact(facts) } : e;

    public static IReadOnlyList<IncidentEvent> Redact(IReadOnlyList<IncidentEvent> history) => history.Select(Redact).ToList();

    public static RestrictedDetails RestrictedOf(IncidentRecord incident) => new(
        incident.Id,
        incident.Report.Personal?.Reporter,
        incident.Report.Personal?.Subject,
        incident.Report.Sensitive,
        incident.Report.Longitude,
        incident.Report.Latitude,
        incident.Report.Address);

    /// <summary>Checks the personal information of a report; errors are keyed by the API's field names.</summary>
    public static IEnumerable<(string Field, LocalizedText Message)> Problems(PersonalInformation? personal, IncidentSource source)
    {
        if (personal?.Reporter is { } reporter)
        {
            if (source == IncidentSource.Patrol)
            {
                yield return ("reporter", Text.Of("巡查上报的上报人即网格员本人，无需填写来件人。", "A patrol report is made by the grid worker; reporter is for other sources."));
            }

            foreach (var problem in NameProblems("reporter.name", reporter.Name))
            {
                yield return problem;
            }

            if (reporter.Phone is { } phone && !PersonalFormats.IsPhone(phone))
            {
                yield return ("reporter.phone", Text.Of("联系电话须为 5 至 20 位数字，可含 +、- 和空格。", "phone must be 5 to 20 digits, optionally with +, - and spaces."));
            }
        }

        if (personal?.Subject is { } subject)
        {
            foreach (var problem in NameProblems("subject.name", subject.Name))
            {
                yield return problem;
            }

            if (subject.IdNumber is { } idNumber && !PersonalFormats.IsResidentIdNumber(idNumber))
            {
                yield return ("subject.idNumber", Text.Of(
                    "身份证号须为 18 位公民身份号码（末位可为 X），且校验码正确。",
                    "idNumber must be an 18-character resident identity number (last character may be X) with a valid check digit."));
            }

            if (subject.Details is { Length: > PersonalFormats.DetailsLength })
            {
                yield return ("subject.details", Text.Of($"人员情况不超过 {PersonalFormats.DetailsLength} 个字符。", $"details must be at most {PersonalFormats.DetailsLength} characters."));
            }
        }
    }

    private static IEnumerable<(string, LocalizedText)> NameProblems(string field, string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            yield return (field, Text.Of("姓名为必填项。", "name is required."));
        }
        else if (name.Trim().Length > PersonalFormats.NameLength)
        {
            yield return (field, Text.Of($"姓名不超过 {PersonalFormats.NameLength} 个字符。", $"name must be at most {PersonalFormats.NameLength} characters."));
        }
    }
}
