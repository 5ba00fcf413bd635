using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Users;
using RuleOfLaw.Web.Errors;

namespace RuleOfLaw.Web.Sessions;

/// <summary>A refresh token to rotate or revoke.</summary>
public sealed record RefreshRequest(string? RefreshToken);

/// <summary>An OAuth-style token answer: a short-lived access token (JWT) and its opaque refresh token.</summary>
public sealed record TokenResponse(
    string AccessToken,
    string TokenType,
    int ExpiresIn,
    DateTimeOffset ExpiresAt,
    string RefreshToken,
    DateTimeOffset RefreshTokenExpiresAt,
    ProfileResponse User);

/// <summary>
/// Field apps and integrations: sign in for an access token (sent as <c>Authorization: Bearer</c>,
/// or <c>access_token</c> on the live hub) and a refresh token that is replaced at every use.
/// </summary>
public static class TokensApi
{
    public static IEndpointRouteBuilder MapTokensApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/tokens").WithTags("Session").AllowAnonymous();
        group.MapPost("/", Issue).WithName("IssueTokens").WithSummary("Sign in with login and password for an access token and a refresh token.");
        group.MapPost("/refresh", Refresh).WithName("RefreshTokens").WithSummary("Swap a refresh token for a new pair; a token used twice ends every session of the account.");
        group.MapDelete("/", Revoke).WithName("RevokeTokens").WithSummary("End the session of a refresh token.");
        return app;
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Issue(
        SignInRequest? body, HttpContext context, PasswordSignIn passwords, AccessTokens tokens, IGrainFactory grains, CatalogueBook catalogue, TimeProvider time)
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

        var (refresh, hash) = AccessTokens.NewRefreshToken(session.Profile.Login);
        await grains.GetGrain<IUserGrain>(session.Profile.Login).OpenRefreshSession(hash, tokens.Settings.RefreshTokenLifetime);
        return TypedResults.Ok(Answer(tokens, session, refresh, catalogue, time.GetUtcNow()));
    }

    private static async Task<Results<Ok<TokenResponse>, ProblemHttpResult>> Refresh(
        RefreshRequest? body, AccessTokens tokens, IGrainFactory grains, ActiveUsers users, CatalogueBook catalogue, TimeProvider time)
    {
        if (string.IsNullOrWhiteSpace(body?.RefreshToken))
        {
            return Problems.Invalid("refreshToken", Text.Of("refreshToken 为必填项。", "refreshToken is required."));
        }

        if (!AccessTokens.TryRead(body.RefreshToken, out var login, out var presented))
        {
            return NotRenewed(RefreshOutcome.Unknown);
        }

        var (refresh, hash) = AccessTokens.NewRefreshToken(login);
        var result = await grains.GetGrain<IUserGrain>(LoginNames.Normalize(login)).RotateRefreshSession(presented, hash, tokens.Settings.RefreshTokenLifetime);
        if (result is not { Outcome: RefreshOutcome.Rotated, Session: { } session })
        {
            if (result.Outcome == RefreshOutcome.Reused)
            {
                users.Forget(LoginNames.Normalize(login));
            }

            return NotRenewed(result.Outcome);
        }

        return TypedResults.Ok(Answer(tokens, session, refresh, catalogue, time.GetUtcNow()));
    }

    /// <summary>Like OAuth token revocation (RFC 7009): the answer does not say whether the token was known.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> Revoke([FromBody] RefreshRequest? body, IGrainFactory grains)
    {
        if (string.IsNullOrWhiteSpace(body?.RefreshToken))
        {
            return Problems.Invalid("refreshToken", Text.Of("refreshToken 为必填项。", "refreshToken is required."));
        }

        if (AccessTokens.TryRead(body.RefreshToken, out var login, out var hash))
        {
            await grains.GetGrain<IUserGrain>(LoginNames.Normalize(login)).RevokeRefreshSession(hash);
        }

        return TypedResults.NoContent();
    }

    private static TokenResponse Answer(AccessTokens tokens, UserSession session, string refresh, CatalogueBook catalogue, DateTimeOffset now)
    {
        var (access, expires) = tokens.Issue(session);
        return new TokenResponse(
            access,
            "Bearer",
            (int)tokens.Settings.AccessTokenLifetime.TotalSeconds,
            expires,
            refresh,
            now + tokens.Settings.RefreshTokenLifetime,
            ProfileResponse.Of(session.Profile, catalogue));
    }

    private static ProblemHttpResult NotRenewed(RefreshOutcome outcome) => Problems.Problem(
        StatusCodes.Status401Unauthorized,
        Text.Of("无法续期。", "Cannot renew."),
        outcome switch
        {
            RefreshOutcome.Expired => Text.Of("刷新令牌已过期，请重新登录。", "The refresh token has expired: sign in again."),
            RefreshOutcome.Reused => Text.Of(
                "该刷新令牌已被使用过，可能已泄露：此账号的全部会话均已结束，请重新登录。",
                "This refresh token was already used and may have leaked: every session of the account has ended. Sign in again."),
            _ => Text.Of("刷新令牌无效，请重新登录。", "The refresh token is not valid: sign in again."),
        });
}
