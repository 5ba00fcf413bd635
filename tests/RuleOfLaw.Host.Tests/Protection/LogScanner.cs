using System.Text.RegularExpressions;

namespace RuleOfLaw.Host.Tests.Protection;

/// <summary>One line of a log that holds something no log may hold.</summary>
public sealed record LogFinding(string File, int Line, string What, string Excerpt)
{
    public override string ToString() => $"{File}:{Line}: {What}: {Excerpt}";
}

/// <summary>A value looked for verbatim, and what to call it in a finding (never the value itself).</summary>
public sealed record KnownValue(string Value, string What);

/// <summary>
/// Reads log lines for secrets and personal data: exact values tests recorded or sent (passwords,
/// tokens, the fake citizen's identity number and phone), and shapes no log line should have
/// whatever the value (a bearer token, a JWT, an access_token query parameter, an ASP.NET Core
/// cookie, a Cookie or Authorization header, a password in a connection string).
/// <para>
/// One block is read past: the table of accounts and passwords a node prints to standard output
/// at the first start of an empty store (issue 5 point 1: demo accounts printed once), from its
/// banner to its closing rule. Every other line is held to the rule, so a seeded password that
/// turns up anywhere else (a sign-in logged with it) still fails the scan.
/// </para>
/// </summary>
public static partial class LogScanner
{
    /// <summary>The English line of the first-start table's banner (src/Web/Users/AccountSeeder.cs).</summary>
    public const string FirstStartTableBanner = "First start: these accounts were created.";

    private static readonly (string What, Regex Pattern)[] Shapes =
    [
        ("a bearer token", BearerToken()),
        ("a JWT", Jwt()),
        ("an access_token query parameter", AccessTokenParameter()),
        ("an ASP.NET Core cookie", AspNetCoreCookie()),
        ("a Cookie header", CookieHeader()),
        ("an Authorization header", AuthorizationHeader()),
        ("a password in a connection string", ConnectionStringPassword()),
    ];

    public static IReadOnlyList<LogFinding> Scan(string file, IEnumerable<string> lines, IReadOnlyList<KnownValue> known)
    {
        var findings = new List<LogFinding>();
        var number = 0;
        var inFirstStartTable = false;
        foreach (var line in lines)
        {
            number++;
            if (inFirstStartTable || line.Contains(FirstStartTableBanner, StringComparison.Ordinal))
            {
                inFirstStartTable = !IsClosingRule(line);
                continue;
            }

            foreach (var value in known)
            {
                if (line.Contains(value.Value, StringComparison.Ordinal))
                {
                    findings.Add(new LogFinding(file, number, value.What, Excerpt(line, known)));
                }
            }

            foreach (var (what, pattern) in Shapes)
            {
                if (pattern.IsMatch(line))
                {
                    findings.Add(new LogFinding(file, number, what, Excerpt(line, known)));
                }
            }
        }

        return findings;
    }

    private static bool IsClosingRule(string line) => line.Trim() is { Length: >= 20 } rule && rule.All(c => c == '=');

    /// <summary>The line, cut short, with every known value masked: the report of a leak must not repeat it.</summary>
    private static string Excerpt(string line, IReadOnlyList<KnownValue> known)
    {
        foreach (var value in known)
        {
            line = line.Replace(value.Value, $"[{value.What}]", StringComparison.Ordinal);
        }

        return line.Length <= 200 ? line : line[..200] + "…";
    }

    [GeneratedRegex(@"Bearer\s+[A-Za-z0-9\-_~+/]+=*\.[A-Za-z0-9\-_~+/]+")]
    private static partial Regex BearerToken();

    [GeneratedRegex(@"eyJ[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]{4,}")]
    private static partial Regex Jwt();

    [GeneratedRegex(@"access_token=", RegexOptions.IgnoreCase)]
    private static partial Regex AccessTokenParameter();

    /// <summary><c>.AspNetCore.Cookies=…</c>, <c>.AspNetCore.Antiforgery.x=…</c>; not the namespace in a category name.</summary>
    [GeneratedRegex(@"(?<![A-Za-z0-9])\.AspNetCore\.[A-Za-z0-9.\-_]*=")]
    private static partial Regex AspNetCoreCookie();

    [GeneratedRegex(@"\b(set-)?cookie\s*:\s*[^\s=;]+=", RegexOptions.IgnoreCase)]
    private static partial Regex CookieHeader();

    [GeneratedRegex(@"\bauthorization[""']?\s*[:=]\s*[""']?(bearer|basic|digest|negotiate)\s+\S", RegexOptions.IgnoreCase)]
    private static partial Regex AuthorizationHeader();

    [GeneratedRegex(@"\b(password|pwd)\s*=\s*[^;\s""'…]", RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionStringPassword();
}
