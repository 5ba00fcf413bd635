using System.Collections.Concurrent;
using System.Security.Claims;
using RuleOfLaw.Grains.Users;
using RuleOfLaw.Web.Actors;

namespace RuleOfLaw.Web.Sessions;

/// <summary>
/// Is the account behind a session still the one it was? Each node keeps an account's answer for
/// at most <see cref="CacheFor"/>, so a disable, reset or re-scope ends sessions on every node within
/// that time; on the node that made the change at once (the API forgets its answer).
/// </summary>
public sealed class ActiveUsers(IGrainFactory grains)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(3);

    private readonly ConcurrentDictionary<string, (Task<UserSession?> Session, long ReadAt)> _sessions = new(StringComparer.Ordinal);

    /// <summary>The account with its current stamp (at most <see cref="CacheFor"/> old), or null.</summary>
    public async Task<UserSession?> Session(string login)
    {
        var now = Environment.TickCount64;
        if (_sessions.TryGetValue(login, out var held) && now - held.ReadAt < CacheFor.TotalMilliseconds)
        {
            return await held.Session;
        }

        var read = grains.GetGrain<IUserGrain>(login).Session();
        _sessions[login] = (read, now);
        try
        {
            return await read;
        }
        catch
        {
            _sessions.TryRemove(new KeyValuePair<string, (Task<UserSession?>, long)>(login, (read, now)));
            throw;
        }
    }

    /// <summary>
    /// True while the principal's account exists, is enabled and (when the session carries a stamp)
    /// still has the stamp the session began with.
    /// </summary>
    public async Task<bool> IsCurrent(ClaimsPrincipal principal)
    {
        if (principal.FindFirstValue(ActorClaims.User) is not { } user)
        {
            return false;
        }

        var session = await Session(LoginNames.Normalize(user));
        if (session is null || session.Profile.Disabled)
        {
            return false;
        }

        return principal.FindFirstValue(ActorClaims.Stamp) is not { } stamp || stamp == session.SecurityStamp;
    }

    /// <summary>Drops this node's answer for an account that just changed.</summary>
    public void Forget(string login) => _sessions.TryRemove(login, out _);
}
