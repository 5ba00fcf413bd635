using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Users;
using RuleOfLaw.Web.Sessions;

namespace RuleOfLaw.Web.Actors;

/// <summary>
/// Turns a validated token of the external issuer into an account of this system: the configured
/// claims give login, display name, role (through the role map), area and unit; the account is
/// provisioned just in time (source External, no password), so an administrator can disable it
/// here. Each node asks the account's grain once per identity it sees.
/// </summary>
public sealed class ExternalIdentities(IGrainFactory grains, IOptions<ExternalIssuerSettings> options, AreaDirectory areas, CatalogueBook catalogue)
{
    private readonly ConcurrentDictionary<(string Login, string DisplayName, UserScope Scope), Task<ProvisionResult>> _provisioned = new();

    /// <summary>The principal of the account the token speaks for, or why there is none.</summary>
    public async Task<(ClaimsPrincipal? Principal, LocalizedText? Refusal)> Admit(ClaimsPrincipal token, string authenticationType)
    {
        var settings = options.Value;
        var names = settings.Claims;
        var login = token.FindFirstValue(names.Login);
        if (LoginNames.Problem(login) is { } badLogin)
        {
            return (null, Text.Of($"令牌的 {names.Login} 声明不是有效的登录名：{badLogin.ZhCn}", $"The token's {names.Login} claim is not a usable login: {badLogin.En}"));
        }

        var role = token.FindAll(names.Role).Select(claim => RoleOf(claim.Value, settings)).FirstOrDefault(mapped => mapped is not null);
        var errors = new Dictionary<string, LocalizedText[]>();
        var scope = UserRules.CheckScope(role, token.FindFirstValue(names.Area), token.FindFirstValue(names.Unit), areas, catalogue, errors);
        if (scope is null)
        {
            var (field, texts) = errors.Count > 0 ? (errors.First().Key, errors.First().Value) : ("role", Array.Empty<LocalizedText>());
            var claim = field switch { "area" => names.Area, "unit" => names.Unit, _ => names.Role };
            var why = texts.FirstOrDefault() ?? Text.Of("无法识别的角色。", "The role is not recognised.");
            return (null, Text.Of($"令牌的 {claim} 声明无法映射：{why.ZhCn}", $"The token's {claim} claim cannot be mapped: {why.En}"));
        }

        var normalized = LoginNames.Normalize(login!);
        var displayName = token.FindFirstValue(names.DisplayName) is { Length: > 0 and <= UserRules.MaxDisplayNameLength } name ? name : normalized;
        var key = (normalized, displayName, scope);
        var provisioning = _provisioned.GetOrAdd(key, k => grains.GetGrain<IUserGrain>(k.Login).ProvisionExternal(k.DisplayName, k.Scope));
        ProvisionResult result;
        try
        {
            result = await provisioning;
        }
        finally
        {
            if (!provisioning.IsCompletedSuccessfully || provisioning.Result.Outcome != ProvisionOutcome.Provisioned)
            {
                _provisioned.TryRemove(new KeyValuePair<(string, string, UserScope), Task<ProvisionResult>>(key, provisioning));
            }
        }

        return result switch
        {
            { Outcome: ProvisionOutcome.Provisioned, Session: { } session } =>
                (ActorClaims.Principal(ActorClaims.Of(session).Where(claim => claim.Type != ActorClaims.Stamp), authenticationType), null),
            { Outcome: ProvisionOutcome.Disabled } => (null, Text.Of("该账号已被停用。", "This account is disabled.")),
            _ => (null, Text.Of("该登录名属于本地账号，外部令牌不能使用。", "This login belongs to a local account; an external token cannot use it.")),
        };
    }

    /// <summary>The role an issuer's role name stands for: through the map, else by name.</summary>
    private static Role? RoleOf(string value, ExternalIssuerSettings settings)
    {
        var name = settings.RoleMap.Count > 0 ? settings.RoleMap.GetValueOrDefault(value) : value;
        return name is not null && Roles.PeopleNames.FirstOrDefault(known => known.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } exact
            ? Enum.Parse<Role>(exact)
            : null;
    }
}
