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
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Users;
using RuleOfLaw.Web.Errors;

namespace RuleOfLaw.Web.Actors;

/// <summary>
/// For tests and benchmarks: the caller states who they are in <c>X-Actor-*</c> headers (or
/// <c>actor-*</c> query parameters, because browsers cannot set headers on a WebSocket). It trusts
/// the caller completely, so it is off unless <c>Authentication:Development:Enabled</c> is true, and
/// says so loudly in the log. Each stated identity is recorded as a development account
/// (<see cref="DevelopmentUsers"/>), so the grains' actor check holds for it as for anyone.
/// </summary>
public sealed class DevelopmentAuthenticationHandler(
    IOptionsMonitor<DevelopmentAuthenticationOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    DevelopmentUsers users) : AuthenticationHandler<DevelopmentAuthenticationOptions>(options, logger, encoder)
{
    public const string SchemeName = "Development";

    public const string UserHeader = "X-Actor-User";
    public const string RoleHeader = "X-Actor-Role";
    public const string UnitHeader = "X-Actor-Unit";
    public const string AreaHeader = "X-Actor-Area";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Options.Enabled)
        {
            return AuthenticateResult.NoResult();
        }

        var user = Read(UserHeader, "actor-user");
        if (string.IsNullOrWhiteSpace(user))
        {
            return AuthenticateResult.NoResult();
        }

        if (user.Length > LoginNames.MaxLength)
        {
            return Fail(Text.Of($"{UserHeader} 超过 100 个字符。", $"{UserHeader} is longer than 100 characters."));
        }

        if (LoginNames.Problem(user) is { } badLogin)
        {
            return Fail(Text.Of($"{UserHeader}：{badLogin.ZhCn}", $"{UserHeader}: {badLogin.En}"));
        }

        // By name only: Enum.TryParse would also take "3" for the fourth role.
        var roleName = Read(RoleHeader, "actor-role");
        if (Roles.PeopleNames.FirstOrDefault(name => name.Equals(roleName, StringComparison.OrdinalIgnoreCase)) is not { } known
            || !Enum.TryParse<Role>(known, out var role))
        {
            return Fail(Text.Of(
                $"{RoleHeader} 须为以下之一：{string.Join("、", Roles.PeopleNames)}。",
                $"{RoleHeader} must be one of {string.Join(", ", Roles.PeopleNames)}."));
        }

        if (!AreaCode.TryParse(Read(AreaHeader, "actor-area"), out var area))
        {
            return Fail(Text.Of($"{AreaHeader} 须为 6、9、12 或 15 位区域编码。", $"{AreaHeader} must be an area code of 6, 9, 12 or 15 digits."));
        }

        var unit = Read(UnitHeader, "actor-unit");
        if (role == Role.UnitHandler && string.IsNullOrWhiteSpace(unit))
        {
            return Fail(Text.Of($"专业部门人员须提供 {UnitHeader}。", $"{UnitHeader} is required for the role {Role.UnitHandler}."));
        }

        switch (await users.Provision(user, new UserScope(role, area, string.IsNullOrWhiteSpace(unit) ? null : unit)))
        {
            case ProvisionOutcome.Disabled:
                return Fail(Text.Of($"{UserHeader} 所指账号已停用。", $"{UserHeader} names an account that is disabled."));
            case ProvisionOutcome.Conflict:
                return Fail(Text.Of(
                    $"{UserHeader} 所指的是正式账号，其角色或辖区与请求头不符。",
                    $"{UserHeader} names a real account whose role or area differ from the headers."));
        }

        var claims = new List<Claim>
        {
            new(ActorClaims.Subject, user),
            new(ActorClaims.User, user),
            new(ActorClaims.Role, role.ToString()),
            new(ActorClaims.Area, area.Value),
        };
        if (!string.IsNullOrWhiteSpace(unit))
        {
            claims.Add(new Claim(ActorClaims.Unit, unit));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(ActorClaims.Principal(claims, SchemeName), SchemeName));
    }

    /// <summary>Answers 401 with a ProblemDetails that says which header was missing or wrong.</summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var detail = !Options.Enabled
            ? Text.Of("本节点未启用任何身份认证方式。", "No authentication scheme is enabled on this node.")
            : (result.Failure as ActorHeaderException)?.Text
            ?? Text.Of(
                $"请用 {UserHeader}、{RoleHeader}、{AreaHeader}（专业部门另加 {UnitHeader}）说明操作人。",
                $"Identify the actor with {UserHeader}, {RoleHeader}, {AreaHeader} (and {UnitHeader} for unit handlers).");
        await Problems.Problem(StatusCodes.Status401Unauthorized, Text.Of("无法确认操作人身份。", "Who is acting is not known."), detail)
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

    private static AuthenticateResult Fail(LocalizedText message) => AuthenticateResult.Fail(new ActorHeaderException(message));
}

/// <summary>Off by default: the scheme answers every request as anonymous unless enabled.</summary>
public sealed class DevelopmentAuthenticationOptions : AuthenticationSchemeOptions
{
    public bool Enabled { get; set; }
}

/// <summary>Why the actor headers were refused, in both languages, carried through the authentication result.</summary>
public sealed class ActorHeaderException(LocalizedText text) : Exception(text.En)
{
    public LocalizedText Text { get; } = text;
}
