using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using RuleOfLaw.Grains.Access;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Users;
using RuleOfLaw.Web.Access;
using RuleOfLaw.Web.Actors;
using RuleOfLaw.Web.Errors;

namespace RuleOfLaw.Web.Sessions;

/// <summary>A login and password, for a browser session or a pair of tokens.</summary>
public sealed record SignInRequest(string? Login, string? Password);

/// <summary>
/// Who is signed in, as the browser shows it. <c>UnitKind</c> tells a field team's member (who works
/// from a phone, in the street) from a department's handler (at a console); null without a unit.
/// </summary>
public sealed record ProfileResponse(string Login, string DisplayName, Role Role, string Area, string? Unit, UnitKind? UnitKind)
{
    public static ProfileResponse Of(UserProfile profile, CatalogueBook catalogue) =>
        new(profile.Login, profile.DisplayName, profile.Role, profile.Area.Value, profile.Unit, profile.Unit is { } unit ? catalogue.FindUnit(unit)?.Kind : null);
}

/// <summary>The signed-in user and the anti-forgery token every change must carry in X-XSRF-TOKEN.</summary>
public sealed record SessionResponse(ProfileResponse User, string? AntiforgeryToken, DateTimeOffset? ExpiresAt);

/// <summary>Browser sign-in: a cookie (HttpOnly, SameSite=Strict, Secure over HTTPS) plus an anti-forgery token.</summary>
public static class SessionApi
{
    public const string Path = "/api/session";

    public static IEndpointRouteBuilder MapSessionApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path).WithTags("Session");
        group.MapPost("/", SignIn).AllowAnonymous().WithName("SignIn").WithSummary("Sign in with login and password: sets the session cookie, returns the user and an anti-forgery token.");
        group.MapGet("/", Current).RequireDoor(Permission.OwnSession).WithName("GetSession").WithSummary("Who is signed in (401 if nobody); a fresh anti-forgery token for cookie sessions.");
        group.MapDelete("/", (Delegate)EndSession).RequireDoor(Permission.OwnSession).WithName("SignOut").WithSummary("Sign out: the session cookie is removed.");
        return app;
    }

    private static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> SignIn(
        SignInRequest? body, HttpContext context, PasswordSignIn passwords, IAntiforgery antiforgery, CatalogueBook catalogue, TimeProvider time, Microsoft.Extensions.Options.IOptions<SessionSettings> settings)
    {
        if (Credentials.Check(body) is { } invalid)
        {
            return invalid;
        }

        var outcome = await passwords.SignIn(body!.Login!, body.Password!, context.Connection.RemoteIpAddress);
        if (outcome is not SignInOutcome.SignedIn(var session))
        {
            return Credentials.Refusal(outcome, context);
        }

        var now = time.GetUtcNow();
        var principal = ActorClaims.Principal(ActorClaims.Of(session), Authentication.SessionScheme);
        var properties = new AuthenticationProperties
        {
            IsPersistent = false,
            IssuedUtc = now,
            ExpiresUtc = now + settings.Value.IdleTimeout,
            Items = { [Authentication.SignedInAtItem] = now.ToString("O", CultureInfo.InvariantCulture) },
        };
        await context.SignInAsync(Authentication.SessionScheme, principal, properties);

        // The anti-forgery token is bound to the user: issue it for the one who just signed in.
        context.User = principal;
        var token = antiforgery.GetAndStoreTokens(context).RequestToken;
        return TypedResults.Ok(new SessionResponse(ProfileResponse.Of(session.Profile, catalogue), token, properties.ExpiresUtc));
    }

    private static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> Current(
        ClaimsPrincipal user, HttpContext context, ActiveUsers users, IAntiforgery antiforgery, CatalogueBook catalogue)
    {
        var login = LoginNames.Normalize(user.FindFirstValue(ActorClaims.User)!);
        var session = await users.Session(login);
        if (session is null)
        {
            return Problems.Problem(StatusCodes.Status401Unauthorized, Text.Of("无法确认操作人身份。", "Who is acting is not known."), Text.Of("账号不存在。", "The account does not exist."));
        }

        var cookie = user.AuthenticatedBy() == Authentication.SessionScheme;
        var token = cookie ? antiforgery.GetAndStoreTokens(context).RequestToken : null;
        var expires = context.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Properties?.ExpiresUtc;
        return TypedResults.Ok(new SessionResponse(ProfileResponse.Of(session.Profile, catalogue), token, expires));
    }

    private static async Task<NoContent> EndSession(HttpContext context)
    {
        await context.SignOutAsync(Authentication.SessionScheme);
        return TypedResults.NoContent();
    }
}

/// <summary>What the two sign-in endpoints share: the shape of the request and the answers to a refusal.</summary>
internal static class Credentials
{
    public const int MaxPasswordLength = 1024;

    public static ProblemHttpResult? Check(SignInRequest? body)
    {
        var errors = new Dictionary<string, LocalizedText[]>();
        if (string.IsNullOrWhiteSpace(body?.Login))
        {
            errors["login"] = [Text.Of("登录名为必填项。", "login is required.")];
        }
        else if (body.Login.Length > LoginNames.MaxLength)
        {
            errors["login"] = [Text.Of($"登录名最多 {LoginNames.MaxLength} 个字符。", $"login must be at most {LoginNames.MaxLength} characters long.")];
        }

        if (string.IsNullOrEmpty(body?.Password))
        {
            errors["password"] = [Text.Of("密码为必填项。", "password is required.")];
        }
        else if (body.Password.Length > MaxPasswordLength)
        {
            errors["password"] = [Text.Of($"密码最多 {MaxPasswordLength} 个字符。", $"password must be at most {MaxPasswordLength} characters long.")];
        }

        return errors.Count > 0 ? Problems.Invalid(errors) : null;
    }

    /// <summary>401 for a wrong password or an unknown login alike; 429 with Retry-After while locked.</summary>
    public static ProblemHttpResult Refusal(SignInOutcome outcome, HttpContext context)
    {
        if (outcome is SignInOutcome.Locked(var retryAfter))
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return Problems.Problem(
                StatusCodes.Status429TooManyRequests,
                Text.Of("尝试次数过多。", "Too many attempts."),
                Text.Of($"登录失败次数过多，请于 {seconds} 秒后再试。", $"Too many failed sign-ins: try again in {seconds} s."),
                new Dictionary<string, object?> { ["retryAfterSeconds"] = seconds });
        }

        return Problems.Problem(
            StatusCodes.Status401Unauthorized,
            Text.Of("登录失败。", "Sign-in failed."),
            Text.Of("登录名或密码错误。", "The login or password is wrong."));
    }
}
