using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using RuleOfLaw.Grains.Access;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Web.Access;
using RuleOfLaw.Web.Errors;

namespace RuleOfLaw.Web.Areas;

/// <summary>The area an endpoint's <c>{code}</c> names, checked the same way everywhere.</summary>
public static class AreaRequests
{
    /// <summary>
    /// Null when <paramref name="code"/> parses (400 otherwise), names an area of the district (404)
    /// and the caller may pass <paramref name="permission"/> onto it (403); else the problem to answer.
    /// </summary>
    public static ProblemHttpResult? Resolve(string code, Permission permission, ClaimsPrincipal user, AreaDirectory areas, out AreaCode area)
    {
        if (!AreaCode.TryParse(code, out area))
        {
            return Problems.Invalid("code", AreaTexts.BadCode);
        }

        return areas.Find(area.Value) is null
            ? Problems.NotFound(AreaTexts.NoSuchArea(area.Value))
            : user.Refuse(permission, AccessTarget.OfArea(area));
    }
}
