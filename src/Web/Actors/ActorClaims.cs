using System.Security.Claims;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Areas;

namespace RuleOfLaw.Web.Actors;

/// <summary>
/// The claims that make an <see cref="Actor"/>. Any authentication scheme that issues these
/// (the development one now, a real one later) feeds every command the same way.
/// </summary>
public static class ActorClaims
{
    public const string User = "rol:user";
    public const string Role = "rol:role";
    public const string Unit = "rol:unit";
    public const string Area = "rol:area";

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
}
