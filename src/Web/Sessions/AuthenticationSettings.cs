using Microsoft.AspNetCore.Http;
using RuleOfLaw.Grains.Users;

namespace RuleOfLaw.Web.Sessions;

/// <summary>Browser sessions (section <c>Authentication:Session</c>).</summary>
public sealed class SessionSettings
{
    public const string Section = "Authentication:Session";

    /// <summary>A session ends after this long without a request (sliding).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromHours(8);

    /// <summary>A session ends this long after sign-in, however active.</summary>
    public TimeSpan AbsoluteTimeout { get; set; } = TimeSpan.FromHours(12);

    public string CookieName { get; set; } = "rol.session";

    /// <summary>SameAsRequest (Secure over HTTPS) or Always (behind a proxy that terminates TLS).</summary>
    public CookieSecurePolicy SecureCookies { get; set; } = CookieSecurePolicy.SameAsRequest;
}

/// <summary>Access and refresh tokens for apps and integrations (section <c>Authentication:Tokens</c>).</summary>
public sealed class TokenSettings
{
    public const string Section = "Authentication:Tokens";

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Optional: a base64 key of at least 32 bytes that signs access tokens. Unset, the key is drawn
    /// at random on first use and kept in the store, shared by every node.
    /// </summary>
    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = "ruleoflaw";

    public string Audience { get; set; } = "ruleoflaw";
}

/// <summary>Password guessing limits (section <c>Authentication:SignIn</c>).</summary>
public sealed class SignInSettings
{
    public const string Section = "Authentication:SignIn";

    public int MaxFailures { get; set; } = 5;

    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Failures from one client address (any logins) within the window that lock that address; 0
    /// turns the per-address count off (behind a proxy that hides client addresses, every sign-in
    /// would share one).
    /// </summary>
    public int MaxFailuresPerClient { get; set; } = 50;

    public SignInLimits PerLogin => new(MaxFailures, FailureWindow, LockoutDuration);

    public SignInLimits PerClient => new(MaxFailuresPerClient, FailureWindow, LockoutDuration);
}

/// <summary>Which accounts a fresh store starts with.</summary>
public enum AccountSeed
{
    /// <summary>One demo account per role (the embedded default).</summary>
    Demo,

    /// <summary>Only the administrator (production with local accounts).</summary>
    Administrator,

    /// <summary>None (production with an external issuer only).</summary>
    None,
}

/// <summary>Local accounts (section <c>Authentication:Local</c>).</summary>
public sealed class LocalAccountSettings
{
    public const string Section = "Authentication:Local";

    public AccountSeed Seed { get; set; } = AccountSeed.Demo;
}

/// <summary>An external OpenID Connect / JWT issuer (section <c>Authentication:External</c>); on when Authority is set.</summary>
public sealed class ExternalIssuerSettings
{
    public const string Section = "Authentication:External";

    public string? Authority { get; set; }

    public string? Audience { get; set; }

    /// <summary>The discovery document, when not at <c>{Authority}/.well-known/openid-configuration</c>.</summary>
    public string? MetadataAddress { get; set; }

    public bool RequireHttpsMetadata { get; set; } = true;

    public ExternalClaimNames Claims { get; set; } = new();

    /// <summary>
    /// The issuer's role names → <c>Role</c> names (e.g. <c>"grid-worker": "GridWorker"</c>). Empty:
    /// the role claim must hold a <c>Role</c> name itself.
    /// </summary>
    public Dictionary<string, string> RoleMap { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(MetadataAddress);
}

/// <summary>Which claims of the issuer's tokens hold what.</summary>
public sealed class ExternalClaimNames
{
    public string Login { get; set; } = "preferred_username";

    public string DisplayName { get; set; } = "name";

    public string Role { get; set; } = "role";

    public string Area { get; set; } = "area";

    public string Unit { get; set; } = "unit";
}
