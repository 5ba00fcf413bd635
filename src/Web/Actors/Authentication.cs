using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Web.Errors;
using RuleOfLaw.Web.Live;
using RuleOfLaw.Web.Sessions;

namespace RuleOfLaw.Web.Actors;

/// <summary>
/// Who is calling. Four schemes, one chosen per request by a policy scheme: an access token of ours
/// or of the external issuer (Authorization: Bearer, or access_token on the live hub's path, where
/// WebSockets cannot send headers), the development headers (only when switched on), else the
/// session cookie. Every scheme ends in the claims of <see cref="ActorClaims"/>. API calls are never
/// redirected: 401 and 403 are ProblemDetails.
/// </summary>
public static class Authentication
{
    public const string PolicyScheme = "RuleOfLaw";
    public const string SessionScheme = "Session";
    public const string TokenScheme = "Token";
    public const string ExternalScheme = "External";

    /// <summary>The header every state-changing request of a cookie session carries its anti-forgery token in.</summary>
    public const string AntiforgeryHeader = "X-XSRF-TOKEN";

    /// <summary>When the session signed in with a password; the absolute timeout counts from it, renewals do not move it.</summary>
    public const string SignedInAtItem = "rol:signed-in-at";

    public static WebApplicationBuilder AddRuleOfLawAuthentication(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var developmentEnabled = configuration.GetValue<bool>(WebExtensions.DevelopmentAuthenticationKey);
        var session = configuration.GetSection(SessionSettings.Section).Get<SessionSettings>() ?? new SessionSettings();
        var tokens = configuration.GetSection(TokenSettings.Section).Get<TokenSettings>() ?? new TokenSettings();
        var external = configuration.GetSection(ExternalIssuerSettings.Section).Get<ExternalIssuerSettings>() ?? new ExternalIssuerSettings();

        services.AddOptions<SessionSettings>().BindConfiguration(SessionSettings.Section);
        services.AddOptions<TokenSettings>().BindConfiguration(TokenSettings.Section);
        services.AddOptions<SignInSettings>().BindConfiguration(SignInSettings.Section);
        services.AddOptions<LocalAccountSettings>().BindConfiguration(LocalAccountSettings.Section);
        services.AddOptions<ExternalIssuerSettings>().BindConfiguration(ExternalIssuerSettings.Section);
        services.AddSingleton<ActiveUsers>();
        services.AddSingleton<Passwords>();
        services.AddSingleton<PasswordSignIn>();
        services.AddSingleton<DevelopmentUsers>();
        services.AddSingleton<ExternalIdentities>();
        services.AddSingleton<AccessTokens>();
        services.AddHostedService(provider => provider.GetRequiredService<AccessTokens>());

        // Cookies and anti-forgery tokens are protected with a key ring that lives in the store, so
        // every node of a cluster reads what any node wrote, and a restart keeps sessions.
        services.AddDataProtection().SetApplicationName("RuleOfLaw");
        services.AddOptions<KeyManagementOptions>().Configure<IGrainFactory>((options, grains) => options.XmlRepository = new GrainXmlRepository(grains));

        services.AddAntiforgery(options =>
        {
            options.HeaderName = AntiforgeryHeader;
            options.Cookie.Name = "rol.xsrf";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = session.SecureCookies;
        });

        var authentication = services.AddAuthentication(PolicyScheme)
            .AddPolicyScheme(PolicyScheme, "Session, token or development headers", options =>
                options.ForwardDefaultSelector = context => Select(context, developmentEnabled, tokens.Issuer, external.Enabled, session.CookieName))
            .AddCookie(SessionScheme, options =>
            {
                options.Cookie.Name = session.CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = session.SecureCookies;
                options.ExpireTimeSpan = session.IdleTimeout;
                options.SlidingExpiration = true;
                options.Events.OnValidatePrincipal = ValidateSession;
                options.Events.OnRedirectToLogin = context => WriteProblem(context.HttpContext, StatusCodes.Status401Unauthorized, NotSignedIn(context.HttpContext, session.CookieName));
                options.Events.OnRedirectToAccessDenied = context => WriteProblem(context.HttpContext, StatusCodes.Status403Forbidden, Text.Of("您无权执行此操作。", "You may not do this."));
            })
            .AddJwtBearer(TokenScheme, options =>
            {
                options.MapInboundClaims = false;
                options.Events = BearerEvents(TokenScheme, checkStamp: true);
            })
            .AddScheme<DevelopmentAuthenticationOptions, DevelopmentAuthenticationHandler>(
                DevelopmentAuthenticationHandler.SchemeName,
                displayName: "Development (trusts X-Actor-* headers)",
                options => options.Enabled = developmentEnabled);

        // The signing key is loaded when the node starts (AccessTokens), after the options are built.
        services.AddOptions<JwtBearerOptions>(TokenScheme).Configure<AccessTokens>((options, issuer) =>
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = tokens.Issuer,
                ValidAudience = tokens.Audience,
                ValidAlgorithms = [AccessTokens.Algorithm],
                IssuerSigningKeyResolver = (_, _, _, _) => [issuer.SigningKey],
                ClockSkew = TimeSpan.Zero,
                NameClaimType = ActorClaims.User,
                RoleClaimType = ActorClaims.Role,
            });

        if (external.Enabled)
        {
            authentication.AddJwtBearer(ExternalScheme, options =>
            {
                options.Authority = external.Authority;
                options.Audience = external.Audience;
                if (!string.IsNullOrWhiteSpace(external.MetadataAddress))
                {
                    options.MetadataAddress = external.MetadataAddress;
                }

                options.RequireHttpsMetadata = external.RequireHttpsMetadata;
                options.MapInboundClaims = false;
                options.Events = BearerEvents(ExternalScheme, checkStamp: false);
            });
        }

        return builder;
    }

    /// <summary>Bearer token first, then development headers (when on), then the session cookie.</summary>
    private static string Select(HttpContext context, bool developmentEnabled, string issuer, bool externalEnabled, string cookieName)
    {
        if (BearerToken(context.Request) is { } token)
        {
            return externalEnabled && !IssuedBy(token, issuer) ? ExternalScheme : TokenScheme;
        }

        if (developmentEnabled && (context.Request.Headers.ContainsKey(DevelopmentAuthenticationHandler.UserHeader) || context.Request.Query.ContainsKey("actor-user")))
        {
            return DevelopmentAuthenticationHandler.SchemeName;
        }

        return developmentEnabled && !context.Request.Cookies.ContainsKey(cookieName) ? DevelopmentAuthenticationHandler.SchemeName : SessionScheme;
    }

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return request.Path.StartsWithSegments(LiveHub.Path) && request.Query["access_token"] is { Count: > 0 } query ? query.ToString() : null;
    }

    private static bool IssuedBy(string token, string issuer)
    {
        try
        {
            return new JsonWebToken(token).Issuer == issuer;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static JwtBearerEvents BearerEvents(string scheme, bool checkStamp) => new()
    {
        OnMessageReceived = context =>
        {
            context.Token = BearerToken(context.Request);
            return Task.CompletedTask;
        },
        OnTokenValidated = async context =>
        {
            var services = context.HttpContext.RequestServices;
            if (checkStamp)
            {
                if (!await services.GetRequiredService<ActiveUsers>().IsCurrent(context.Principal!))
                {
                    context.Fail(new SessionEndedException(SessionEnded));
                    return;
                }

                context.Principal = ActorClaims.Principal(context.Principal!.Claims, scheme);
                return;
            }

            var (principal, refusal) = await services.GetRequiredService<ExternalIdentities>().Admit(context.Principal!, scheme);
            if (principal is null || !await services.GetRequiredService<ActiveUsers>().IsCurrent(principal))
            {
                context.Fail(new SessionEndedException(refusal ?? Text.Of("该账号已被停用。", "This account is disabled.")));
                return;
            }

            context.Principal = principal;
        },
        OnChallenge = async context =>
        {
            context.HandleResponse();
            var detail = context.AuthenticateFailure switch
            {
                SecurityTokenExpiredException => Text.Of("访问令牌已过期，请用 POST /api/tokens/refresh 换取新令牌。", "The access token has expired: renew it with POST /api/tokens/refresh."),
                SessionEndedException ended => ended.Text,
                not null => Text.Of("访问令牌无效。", "The access token is not valid."),
                null => Text.Of("请提供访问令牌（Authorization: Bearer）。", "Send an access token (Authorization: Bearer)."),
            };
            context.Response.Headers.WWWAuthenticate = context.AuthenticateFailure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
            await WriteProblem(context.HttpContext, StatusCodes.Status401Unauthorized, detail);
        },
        OnForbidden = context => WriteProblem(context.HttpContext, StatusCodes.Status403Forbidden, Text.Of("您无权执行此操作。", "You may not do this.")),
    };

    /// <summary>A cookie session ends at its absolute timeout and when its account changed or was disabled.</summary>
    private static async Task ValidateSession(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var settings = services.GetRequiredService<IOptions<SessionSettings>>().Value;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var signedInAt = context.Properties.Items.TryGetValue(SignedInAtItem, out var text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at)
                ? at
                : (DateTimeOffset?)null;
        if (signedInAt is null || now - signedInAt > settings.AbsoluteTimeout || !await services.GetRequiredService<ActiveUsers>().IsCurrent(context.Principal!))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(SessionScheme);
        }
    }

    private static LocalizedText NotSignedIn(HttpContext context, string cookieName)
    {
        if (context.Request.Headers.ContainsKey(DevelopmentAuthenticationHandler.UserHeader))
        {
            return Text.Of(
                "本节点不接受 X-Actor-* 请求头（开发模式未开启）。请登录：浏览器用 POST /api/session，应用用 POST /api/tokens。",
                "This node does not accept X-Actor-* headers (development authentication is off). Sign in: POST /api/session (browsers) or POST /api/tokens (apps).");
        }

        return context.Request.Cookies.ContainsKey(cookieName)
            ? SessionEnded
            : Text.Of("请先登录：浏览器用 POST /api/session，应用用 POST /api/tokens。", "Sign in first: POST /api/session (browsers) or POST /api/tokens (apps).");
    }

    private static LocalizedText SessionEnded { get; } = Text.Of(
        "会话已结束（已退出、密码已重置、账号已停用或辖区已变更），请重新登录。",
        "The session has ended (signed out, password reset, account disabled or re-scoped): sign in again.");

    private static Task WriteProblem(HttpContext context, int status, LocalizedText detail) =>
        Problems.Problem(
                status,
                status == StatusCodes.Status401Unauthorized ? Text.Of("无法确认操作人身份。", "Who is acting is not known.") : Text.Of("无权访问。", "Forbidden."),
                detail)
            .ExecuteAsync(context);
}

/// <summary>Why a token or session was refused after its signature checked out, in both languages.</summary>
public sealed class SessionEndedException(LocalizedText text) : Exception(text.En)
{
    public LocalizedText Text { get; } = text;
}
