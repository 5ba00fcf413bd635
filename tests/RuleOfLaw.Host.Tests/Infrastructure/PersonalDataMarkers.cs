namespace RuleOfLaw.Host.Tests.Infrastructure;

/// <summary>
/// Fake citizen personal data that tests send: the caller and the person a case is about (the
/// restricted fields of a report), an address, and the same people named in free text the way
/// intake writes a call down. The values are distinctive enough never to occur by chance, so the
/// scan of the whole run's logs (Protection/FullRunLogScanTests) fails on any line that holds one.
/// </summary>
public static class PersonalDataMarkers
{
    public const string CallerName = "隐私测试来电人甲";

    /// <summary>As people write it; the scan also looks for its bare digits.</summary>
    public const string CallerPhone = "139 1234 5678";

    public const string SubjectName = "隐私测试对象乙";

    /// <summary>A resident identity number with a valid check character (the node checks it), of nobody.</summary>
    public const string SubjectIdNumber = "11010519491231002X";

    public const string Address = "隐私测试路 7 号";

    /// <summary>Each value with what a scan finding calls it (a finding never repeats the value).</summary>
    public static readonly IReadOnlyList<(string Value, string What)> Named =
    [
        (CallerName, "a citizen's name"),
        (CallerPhone, "a citizen's phone number"),
        (CallerPhone.Replace(" ", string.Empty, StringComparison.Ordinal), "a citizen's phone number"),
        (SubjectName, "a citizen's name"),
        (SubjectIdNumber, "a citizen's identity number"),
        (Address, "a citizen's address"),
    ];

    /// <summary>A description as intake writes a call down, naming the people in free text.</summary>
    public static string Description(string matter = "社区矫正对象未按时报到") =>
        $"市民{CallerName}（电话 {CallerPhone}）来电反映：{SubjectName}（身份证 {SubjectIdNumber}）{matter}。";
}
