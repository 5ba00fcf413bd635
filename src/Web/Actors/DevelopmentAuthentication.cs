using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Areas;

namespace RuleOfLaw.Web.Actors;

/// <summary>
/// A stand-in for real authentication until it lands: the caller states who they are in
/// <c>X-Actor-*</c> headers (or <c>actor-*</c> query parameters, because browsers cannot set
/// headers on a WebSocket). It trusts the caller completely, so it is off unless
/// <c>Authentication:Development:Enabled</c> is true, and says so loudly in the log.
/// </summary>
public sealed class DevelopmentAuthenticationHandler(
    IOptionsMonitor<DevelopmentAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder) : AuthenticationHandler<DevelopmentAuthenticationOptions>(options, logger, encoder)
{
    public const string SchemeName = "Development";

    public const string UserHeader = "X-Actor-User";
    public const string RoleHeader = "X-Actor-Role";
    public const string UnitHeader = "X-Actor-Unit";
    public const string AreaHeader = "X-Actor-Area";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Options.Enabled)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var user = Read(UserHeader, "actor-user");
        if (string.IsNullOrWhiteSpace(user))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (user.Length > 100)
        {
            return Fail($"{UserHeader} is longer than 100 characters.");
        }

        if (!Enum.TryParse<Role>(Read(RoleHeader, "actor-role"), ignoreCase: true, out var role) || !Enum.IsDefined(role))
        {
            return Fail($"{RoleHeader} must be one of {string.Join(", ", Enum.GetNames<Role>())}.");
        }

        if (!AreaCode.TryParse(Read(AreaHeader, "actor-area"), out var area))
        {
            return Fail($"{AreaHeader} must be an area code of 6, 9, 12 or 15 digits.");
        }

        var unit = Read(UnitHeader, "actor-unit");
        if (role == Role.UnitHandler && string.IsNullOrWhiteSpace(unit))
        {
            return Fail($"{UnitHeader} is required for the role {Role.UnitHandler}.");
        }

        var claims = new List<Claim>
        {
            new(ActorClaims.User, user),
            new(ActorClaims.Role, role.ToString()),
            new(ActorClaims.Area, area.Value),
        };
        if (!string.IsNullOrWhiteSpace(unit))
        {
            claims.Add(new Claim(ActorClaims.Unit, unit));
        }

        var identity = new ClaimsIdentity(claims, SchemeName, ActorClaims.User, ActorClaims.Role);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <summary>Answers 401 with a ProblemDetails that says which header was missing or wrong.</summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var detail = !Options.Enabled
            ? "No authentication scheme is enabled on this node."
            : result.Failure?.Message
            ?? $"Identify the actor with {UserHeader}, {RoleHeader}, {AreaHeader} (and {UnitHeader} for unit handlers).";
        await TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Who is acting is not known.")
            .ExecuteAsync(Context);
    }

    private string? Read(string header, string queryKey)
    {
        var value = Request.Headers[header];
        if (StringValues.IsNullOrEmpty(value))
        {
            value = Request.Query[queryKey];
        }

        return StringValues.IsNullOrEmpty(value) ? null : value.ToString().Trim();
    }

    private static Task<AuthenticateResult> Fail(string message) => Task.FromResult(AuthenticateResult.Fail(message));
}

/// <summary>Off by default: the scheme answers every request as anonymous unless enabled.</summary>
public sealed class DevelopmentAuthenticationOptions : AuthenticationSchemeOptions
{
    public bool Enabled { get; set; }
}
