using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using RuleOfLaw.Grains.Access;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Users;
using RuleOfLaw.Web.Access;
using RuleOfLaw.Web.Actors;
using RuleOfLaw.Web.Errors;
using RuleOfLaw.Web.Sessions;

namespace RuleOfLaw.Web.Users;

public sealed record CreateUserRequest(string? Login, string? DisplayName, Role? Role, string? Area, string? Unit, string? Password);

public sealed record ScopeRequest(Role? Role, string? Area, string? Unit);

/// <summary>A password to set; without one, a random password is drawn and returned once.</summary>
public sealed record PasswordRequest(string? Password);

public sealed record UserResponse(
    string Login, string DisplayName, Role Role, string Area, string? Unit, bool Disabled, UserSource Source, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static UserResponse Of(UserProfile profile) => new(
        profile.Login, profile.DisplayName, profile.Role, profile.Area.Value, profile.Unit, profile.Disabled, profile.Source, profile.CreatedAt, profile.UpdatedAt);
}

/// <summary>A created account; <see cref="Password"/> only when the server drew it (shown this once).</summary>
public sealed record CreatedUserResponse(UserResponse User, string? Password);

public sealed record PasswordResetResponse(UserResponse User, string? Password);

/// <summary>
/// Accounts, for administrators only and within their jurisdiction: an administrator of a street
/// manages the accounts of that street. Disable, re-scope and password reset end the account's
/// sessions at once on this node and within <see cref="ActiveUsers.CacheFor"/> on every other.
/// </summary>
public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users").WithTags("Users").RequireDoor(Permission.ManageUsers);
        group.MapGet("/", List).WithName("ListUsers").WithSummary("The accounts within your jurisdiction, by login.");
        group.MapPost("/", Create).WithName("CreateUser").WithSummary("Create an account (a random password is returned once unless one is given).");
        group.MapGet("/{login}", Get).WithName("GetUser").WithSummary("One account.");
        group.MapPost("/{login}/disable", (string login, ClaimsPrincipal user, IGrainFactory grains, ActiveUsers users) => SetDisabled(login, true, user, grains, users))
            .WithName("DisableUser").WithSummary("Disable an account: its sessions end.");
        group.MapPost("/{login}/enable", (string login, ClaimsPrincipal user, IGrainFactory grains, ActiveUsers users) => SetDisabled(login, false, user, grains, users))
            .WithName("EnableUser").WithSummary("Enable an account again.");
        group.MapPut("/{login}/scope", Rescope).WithName("RescopeUser").WithSummary("Change role, area and unit: the account's sessions end.");
        group.MapPost("/{login}/password", ResetPassword).WithName("ResetPassword").WithSummary("Set a password, or draw a random one (returned once): the account's sessions end.");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<UserResponse>>> List(ClaimsPrincipal user, IGrainFactory grains)
    {
        var actor = user.ToActor()!;
        var logins = await grains.GetGrain<IUserDirectoryGrain>(IUserDirectoryGrain.Key).Logins();
        var profiles = await Task.WhenAll(logins.Select(login => grains.GetGrain<IUserGrain>(login).Profile()));
        return TypedResults.Ok<IReadOnlyList<UserResponse>>(profiles
            .OfType<UserProfile>()
            .Where(profile => AccessPolicy.Allows(actor, Permission.ManageUsers, AccessTarget.OfArea(profile.Area)))
            .Select(UserResponse.Of)
            .ToList());
    }

    private static async Task<Results<Created<CreatedUserResponse>, ProblemHttpResult>> Create(
        CreateUserRequest? body, ClaimsPrincipal user, IGrainFactory grains, AreaDirectory areas, CatalogueBook catalogue, Passwords passwords)
    {
        if (body is null)
        {
            return Problems.Invalid("body", Text.Of("请求体须为账号的 JSON。", "A JSON body with the account is required."));
        }

        var errors = new Dictionary<string, LocalizedText[]>();
        if (LoginNames.Problem(body.Login) is { } badLogin)
        {
            errors["login"] = [badLogin];
        }

        if (UserRules.DisplayNameProblem(body.DisplayName) is { } badName)
        {
            errors["displayName"] = [badName];
        }

        var scope = UserRules.CheckScope(body.Role, body.Area, body.Unit, areas, catalogue, errors);
        if (body.Password is not null && UserRules.PasswordProblem(body.Password, body.Login ?? "") is { } badPassword)
        {
            errors["password"] = [badPassword];
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        if (user.Refuse(Permission.ManageUsers, AccessTarget.OfArea(scope!.Area)) is { } refused)
        {
            return refused;
        }

        var login = LoginNames.Normalize(body.Login!);
        var password = body.Password ?? Passwords.Generate(login);
        var created = await grains.GetGrain<IUserGrain>(login).Create(new NewUser(
            body.DisplayName?.Trim() ?? login, scope.Role, scope.Area, scope.Unit, passwords.Hash(login, password), UserSource.Local));
        if (created.Outcome == CreateOutcome.AlreadyExists)
        {
            return Problems.Conflict(Text.Of($"登录名 {login} 已被使用。", $"The login {login} is taken."));
        }

        return TypedResults.Created($"/api/users/{login}", new CreatedUserResponse(UserResponse.Of(created.Profile), body.Password is null ? password : null));
    }

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> Get(string login, ClaimsPrincipal user, IGrainFactory grains)
    {
        var (profile, refusal) = await Find(login, user, grains);
        return profile is null ? refusal! : TypedResults.Ok(UserResponse.Of(profile));
    }

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> SetDisabled(
        string login, bool disabled, ClaimsPrincipal user, IGrainFactory grains, ActiveUsers users)
    {
        var (profile, refusal) = await Find(login, user, grains);
        if (profile is null)
        {
            return refusal!;
        }

        if (disabled && profile.Login == LoginNames.Normalize(user.ToActor()!.UserId))
        {
            return Problems.Conflict(Text.Of("不能停用自己的账号。", "You cannot disable your own account."));
        }

        var changed = await grains.GetGrain<IUserGrain>(profile.Login).SetDisabled(disabled);
        users.Forget(profile.Login);
        return TypedResults.Ok(UserResponse.Of(changed!));
    }

    private static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> Rescope(
        string login, ScopeRequest? body, ClaimsPrincipal user, IGrainFactory grains, AreaDirectory areas, CatalogueBook catalogue, ActiveUsers users)
    {
        if (body is null)
        {
            return Problems.Invalid("body", Text.Of("请求体须为角色与辖区的 JSON。", "A JSON body with role and area is required."));
        }

        var (profile, refusal) = await Find(login, user, grains);
        if (profile is null)
        {
            return refusal!;
        }

        if (profile.Source == UserSource.External)
        {
            return Problems.Conflict(Text.Of("外部账号的角色与辖区由外部身份提供方决定。", "The role and area of an external account come from its issuer."));
        }

        var errors = new Dictionary<string, LocalizedText[]>();
        var scope = UserRules.CheckScope(body.Role, body.Area, body.Unit, areas, catalogue, errors);
        if (scope is null)
        {
            return Problems.Invalid(errors);
        }

        if (user.Refuse(Permission.ManageUsers, AccessTarget.OfArea(scope.Area)) is { } refused)
        {
            return refused;
        }

        var changed = await grains.GetGrain<IUserGrain>(profile.Login).Rescope(scope);
        users.Forget(profile.Login);
        return TypedResults.Ok(UserResponse.Of(changed!));
    }

    private static async Task<Results<Ok<PasswordResetResponse>, ProblemHttpResult>> ResetPassword(
        string login, PasswordRequest? body, ClaimsPrincipal user, IGrainFactory grains, Passwords passwords, ActiveUsers users)
    {
        var (profile, refusal) = await Find(login, user, grains);
        if (profile is null)
        {
            return refusal!;
        }

        if (profile.Source != UserSource.Local)
        {
            return Problems.Conflict(Text.Of("只有本地账号有密码。", "Only local accounts have a password."));
        }

        var given = body?.Password;
        if (given is not null && UserRules.PasswordProblem(given, profile.Login) is { } badPassword)
        {
            return Problems.Invalid("password", badPassword);
        }

        var password = given ?? Passwords.Generate(profile.Login);
        var changed = await grains.GetGrain<IUserGrain>(profile.Login).SetPassword(passwords.Hash(profile.Login, password));
        users.Forget(profile.Login);
        return TypedResults.Ok(new PasswordResetResponse(UserResponse.Of(changed!), given is null ? password : null));
    }

    /// <summary>The account, or the answer when it does not exist (404) or lies outside the jurisdiction (403).</summary>
    private static async Task<(UserProfile? Profile, ProblemHttpResult? Refusal)> Find(string login, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (LoginNames.Problem(login) is { } badLogin)
        {
            return (null, Problems.Invalid("login", badLogin));
        }

        var profile = await grains.GetGrain<IUserGrain>(LoginNames.Normalize(login)).Profile();
        if (profile is null)
        {
            return (null, Problems.NotFound(Text.Of($"没有登录名为 {login} 的账号。", $"No account with the login {login}.")));
        }

        return user.Refuse(Permission.ManageUsers, AccessTarget.OfArea(profile.Area)) is { } refused ? (null, refused) : (profile, null);
    }
}
