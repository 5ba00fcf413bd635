using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using RuleOfLaw.Grains.Users;

namespace RuleOfLaw.Web.Sessions;

/// <summary>How a password sign-in ended.</summary>
public abstract record SignInOutcome
{
    public sealed record SignedIn(UserSession Session) : SignInOutcome;

    /// <summary>Wrong password, unknown login, disabled account: one answer for all, so none is revealed.</summary>
    public sealed record Refused : SignInOutcome;

    public sealed record Locked(TimeSpan RetryAfter) : SignInOutcome;
}

/// <summary>
/// Checks a login and password for both the browser session and the token endpoint. Unknown logins
/// go through the same steps as known ones (a dummy hash is checked, failures are counted per login
/// name), so neither the answer nor its time tells whether a login exists. Failures are counted per
/// login and per client address; either lockout answers 429.
/// </summary>
public sealed class PasswordSignIn(IGrainFactory grains, Passwords passwords, IOptionsMonitor<SignInSettings> settings, ActiveUsers users)
{
    public async Task<SignInOutcome> SignIn(string login, string password, IPAddress? client)
    {
        var name = LoginNames.Normalize(login);
        var account = grains.GetGrain<IUserGrain>(name);
        var limits = settings.CurrentValue;
        var address = limits.MaxFailuresPerClient > 0 ? grains.GetGrain<IClientSignInGrain>(client?.ToString() ?? "unknown") : null;
        var challenge = await account.BeginSignIn();
        var clientLock = address is null ? null : await address.LockedFor();
        if (Longest(challenge.LockedFor, clientLock) is { } locked)
        {
            return new SignInOutcome.Locked(locked);
        }

        var verified = passwords.Verify(name, challenge.PasswordHash ?? passwords.DummyHash, password);
        if (challenge.CanSignIn && verified != PasswordVerificationResult.Failed)
        {
            var rehashed = verified == PasswordVerificationResult.SuccessRehashNeeded ? passwords.Hash(name, password) : null;
            var session = await account.RecordSignIn(rehashed);
            if (session is not null)
            {
                users.Forget(name);
                return new SignInOutcome.SignedIn(session);
            }
        }

        await account.RecordFailedSignIn(limits.PerLogin);
        if (address is not null)
        {
            await address.RecordFailure(limits.PerClient);
        }

        return new SignInOutcome.Refused();
    }

    private static TimeSpan? Longest(TimeSpan? first, TimeSpan? second) =>
        first is { } a && second is { } b ? (a > b ? a : b) : first ?? second;
}
