namespace RuleOfLaw.Host.Tests.Protection;

/// <summary>The scanner finds each kind of leak, and not the ordinary lines every node writes.</summary>
public sealed class LogScannerTests
{
    private static readonly KnownValue[] Known = [new("Pw-7c1d3e5f9a", "a recorded secret"), new("13987650432", "a citizen's phone number")];

    [Theory]
    [InlineData("info: Login for gw-1 with Pw-7c1d3e5f9a failed", "a recorded secret")]
    [InlineData("dbug: reporter phone 13987650432", "a citizen's phone number")]
    [InlineData("Request starting HTTP/1.1 GET http://127.0.0.1:5080/api/x - Authorization: Bearer abc.def.ghi", "a bearer token")]
    [InlineData("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig was refused", "a JWT")]
    [InlineData("GET http://127.0.0.1:5080/hubs/live?id=abc&access_token=xyz", "an access_token query parameter")]
    [InlineData("Cookies: .AspNetCore.Cookies=CfDJ8Ab12", "an ASP.NET Core cookie")]
    [InlineData("Request headers: Cookie: session=abc", "a Cookie header")]
    [InlineData("Set-Cookie: id=42; HttpOnly", "a Cookie header")]
    [InlineData("Authorization: Basic dXNlcjpwYXNz", "an Authorization header")]
    [InlineData("Host=db;Username=rol;Password=hunter22", "a password in a connection string")]
    public void EachKindOfLeakIsFound(string line, string what)
    {
        var findings = LogScanner.Scan("node.log", ["first line", line], Known);

        var finding = Assert.Single(findings, finding => finding.What == what);
        Assert.Equal(2, finding.Line);
        Assert.DoesNotContain("Pw-7c1d3e5f9a", finding.Excerpt, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFirstStartTableOfSeededPasswordsIsReadPastButNothingAfterIt()
    {
        string[] output =
        [
            new string('=', 100),
            " 首次启动：已创建以下账号。密码只显示这一次，不会写入日志；请立即妥善保存，或登录后由管理员重置。",
            " First start: these accounts were created. The passwords are shown only this once and are not",
            " logged; keep them now, or have an administrator reset them after signing in.",
            " admin         管理员 Administrator        510802            -                 Pw-7c1d3e5f9a",
            new string('=', 100),
            "warn: Sign-in of admin with Pw-7c1d3e5f9a failed",
        ];

        var finding = Assert.Single(LogScanner.Scan("node.log", output, Known));

        Assert.Equal(7, finding.Line);
    }

    [Theory]
    [InlineData("info: Microsoft.AspNetCore.Hosting.Diagnostics[1]")]
    [InlineData("dbug: Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationHandler[7]")]
    [InlineData("      AuthenticationScheme: Development was not authenticated.")]
    [InlineData("warn: Microsoft.AspNetCore.Authorization.DefaultAuthorizationService[2] Authorization failed. These requirements were not met:")]
    [InlineData("      RuleOfLaw is serving http://127.0.0.1:5080: API http://127.0.0.1:5080/api, live hub http://127.0.0.1:5080/hubs/live")]
    [InlineData("      PostgreSQL at 127.0.0.1:5432 (database ruleoflaw) is unreachable: Password authentication failed")]
    [InlineData("      Incident 0190b1a5-0000-7000-8000-000000000001: version 3 was appended concurrently elsewhere")]
    public void OrdinaryLinesAreNotFindings(string line)
    {
        Assert.Empty(LogScanner.Scan("node.log", [line], Known));
    }
}
