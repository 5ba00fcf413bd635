using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using RuleOfLaw.Host.Tests.Infrastructure;
using RuleOfLaw.Tests.Shared;

namespace RuleOfLaw.Host.Tests.Identity;

/// <summary>The accounts a node printed at its first start, read off its output.</summary>
public static partial class SeededAccounts
{
    public static readonly string[] Logins = ["gridworker", "intake", "shiftleader", "dispatcher", "handler", "fieldteam", "leader", "admin"];

    /// <summary>Login → password from the table of the first start.</summary>
    public static IReadOnlyDictionary<string, string> Of(NodeProcess node)
    {
        var passwords = Row().Matches(node.OutputOfStart(1)).ToDictionary(match => match.Groups["login"].Value, match => match.Groups["password"].Value);
        foreach (var password in passwords.Values)
        {
            SecretsLedger.Record(password);
        }

        return passwords;
    }

    public static string PasswordOf(NodeProcess node, string login) =>
        Of(node).TryGetValue(login, out var password) ? password : throw new InvalidOperationException($"No seeded password for {login}.\n{node.Tail()}");

    [GeneratedRegex(@"^ (?<login>gridworker|intake|shiftleader|dispatcher|handler|fieldteam|leader|admin) .* (?<password>[A-Za-z0-9]{20})\r?$", RegexOptions.Multiline)]
    private static partial Regex Row();
}

/// <summary>A browser: its own cookie jar, and the anti-forgery token it got at sign-in.</summary>
public sealed class BrowserSession : IDisposable
{
    private BrowserSession(HttpClient client, CookieContainer cookies)
    {
        Client = client;
        Cookies = cookies;
    }

    public HttpClient Client { get; }

    public CookieContainer Cookies { get; }

    public string? AntiforgeryToken { get; private set; }

    public JsonElement User { get; private set; }

    public static BrowserSession Open(NodeProcess node)
    {
        var cookies = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, UseCookies = true }) { BaseAddress = node.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        return new BrowserSession(client, cookies);
    }

    public static async Task<BrowserSession> SignIn(NodeProcess node, string login, string password)
    {
        var session = Open(node);
        var answer = await session.Client.PostAsJsonAsync("api/session", new { login, password }).Expect(HttpStatusCode.OK);
        session.AntiforgeryToken = answer.Text("antiforgeryToken");
        SecretsLedger.Record(session.AntiforgeryToken);
        foreach (var cookie in session.Cookies.GetAllCookies().Where(cookie => cookie.Value.Length >= SecretsLedger.MinimumLength))
        {
            SecretsLedger.Record(cookie.Value);
        }

        session.User = answer.GetProperty("user");
        return session;
    }

    /// <summary>A change, with the anti-forgery header unless told otherwise.</summary>
    public Task<HttpResponseMessage> Send(HttpMethod method, string path, object? body = null, bool antiforgery = true)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : HttpExpectations.Json(body) };
        if (antiforgery && AntiforgeryToken is not null)
        {
            request.Headers.Add("X-XSRF-TOKEN", AntiforgeryToken);
        }

        return Client.SendAsync(request);
    }

    public void Dispose() => Client.Dispose();
}

/// <summary>Access and refresh tokens from <c>POST /api/tokens</c>.</summary>
public static class Tokens
{
    public static async Task<JsonElement> Issue(NodeProcess node, string login, string password)
    {
        using var client = node.Anonymous();
        return Recorded(await client.PostAsJsonAsync("api/tokens", new { login, password }).Expect(HttpStatusCode.OK));
    }

    /// <summary>A client that sends the access token as <c>Authorization: Bearer</c>.</summary>
    public static HttpClient Bearer(NodeProcess node, string accessToken)
    {
        var client = node.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    public static async Task<HttpClient> SignedIn(NodeProcess node, string login, string password) =>
        Bearer(node, (await Issue(node, login, password)).Text("accessToken"));

    public static async Task<HttpResponseMessage> Refresh(NodeProcess node, string refreshToken)
    {
        using var client = node.Anonymous();
        var response = await client.PostAsJsonAsync("api/tokens/refresh", new { refreshToken });
        if (response.IsSuccessStatusCode)
        {
            Recorded(HttpExpectations.Parse(await response.Content.ReadAsStringAsync()));
        }

        return response;
    }

    /// <summary>Both tokens of an answer go in the ledger the log scan reads.</summary>
    private static JsonElement Recorded(JsonElement tokens)
    {
        SecretsLedger.Record(tokens.Text("accessToken"));
        SecretsLedger.Record(tokens.Text("refreshToken"));
        return tokens;
    }
}

/// <summary>Accounts a test creates through the administrator API, each with a login of its own.</summary>
public static class Accounts
{
    public static string NewLogin(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 60)];

    /// <summary>Creates an account as the seeded administrator and returns its login and password.</summary>
    public static async Task<(string Login, string Password)> Create(NodeProcess node, string role, string area, string? unit = null, string prefix = "user")
    {
        using var admin = await Tokens.SignedIn(node, "admin", SeededAccounts.PasswordOf(node, "admin"));
        var login = NewLogin(prefix);
        var created = await admin.PostAsJsonAsync("api/users", new { login, role, area, unit }).Expect(HttpStatusCode.Created);
        SecretsLedger.Record(created.Text("password"));
        return (login, created.Text("password"));
    }
}
