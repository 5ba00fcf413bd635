using System.Security.Claims;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Users;

namespace RuleOfLaw.Web.Actors;

/// <summary>
/// The claims that make an <see cref="Actor"/>. Every authentication scheme (session cookie, access
/// token, external issuer, development headers) ends in these, so every command is fed the same way.
/// </summary>
public static class ActorClaims
{
    public const string User = "rol:user";
    public const string Role = "rol:role";
    public const string Unit = "rol:unit";
    public const string Area = "rol:area";

    /// <summary>The account's security stamp when the session began; a different stamp now ends the session.</summary>
    public const string Stamp = "rol:stamp";

    /// <summary>The standard subject claim (the login), which anti-forgery tokens are bound to.</summary>
    public const string Subject = "sub";

    /// <summary>The actor of an authenticated principal; null when a claim is missing or malformed.</summary>
    public static Actor? ToActor(this ClaimsPrincipal principal)
    {
        var user = principal.FindFirstValue(User);
        if (user is null
            || !Enum.TryParse<Grains.Actors.Role>(principal.FindFirstValue(Role), out var role)
            || !AreaCode.TryParse(principal.FindFirstValue(Area), out var area))
        {
            return null;
        }

        return new Actor(user, role, principal.FindFirstValue(Unit), area);
    }

    /// <summary>The claims of an account's session, as <paramref name="authenticationType"/> issues them.</summary>
    public static List<Claim> Of(UserSession session)
    {
        var profile = session.Profile;
        var claims = new List<Claim>
        {
            new(Subject, profile.Login),
            new(User, profile.Login),
            new(Role, profile.Role.ToString()),
            new(Area, profile.Area.Value),
            new(Stamp, session.SecurityStamp),
        };
        if (profile.Unit is not null)
        {
            claims.Add(new Claim(Unit, profile.Unit));
        }

        return claims;
    }

    public static ClaimsPrincipal Principal(IEnumerable<Claim> claims, string authenticationType) =>
        new(new ClaimsIdentity(claims, authenticationType, User, Role));

    /// <summary>The scheme that authenticated the principal (the identity's authentication type).</summary>
    public static string? AuthenticatedBy(this ClaimsPrincipal principal) =>
        principal.Identity is { IsAuthenticated: true } identity ? identity.AuthenticationType : null;
}
