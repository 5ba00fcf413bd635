using RuleOfLaw.Grains.Actors;

namespace RuleOfLaw.Grains.Users;

/// <summary>
/// One account, keyed by its normalised login (<see cref="LoginNames.Normalize"/>). Password hashes
/// are computed at the web edge (grains have no ASP.NET Core); the grain keeps them, the lockout
/// count, the refresh sessions and the security stamp whose change ends every session.
/// </summary>
[Alias("RuleOfLaw.Grains.Users.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>The account, or null when none exists under this login.</summary>
    [Alias("Profile")]
    Task<UserProfile?> Profile();

    /// <summary>The account with its security stamp, or null when none exists.</summary>
    [Alias("Session")]
    Task<UserSession?> Session();

    /// <summary>Creates the account (listed in the directory); an existing one is returned unchanged.</summary>
    [Alias("Create")]
    Task<CreateResult> Create(NewUser user);

    /// <summary>Disables or enables; disabling ends every session. Null when there is no such account.</summary>
    [Alias("SetDisabled")]
    Task<UserProfile?> SetDisabled(bool disabled);

    /// <summary>Changes role, area and unit; every session ends, so the next one carries the new scope.</summary>
    [Alias("Rescope")]
    Task<UserProfile?> Rescope(UserScope scope);

    /// <summary>Replaces the password hash (a reset); every session ends and any lockout is lifted.</summary>
    [Alias("SetPassword")]
    Task<UserProfile?> SetPassword(string passwordHash);

    /// <summary>What a sign-in attempt needs before the password is checked; works for unknown logins too.</summary>
    [Alias("BeginSignIn")]
    Task<SignInChallenge> BeginSignIn();

    /// <summary>Counts a wrong password (kept in memory only for an unknown login); returns the lockout it started.</summary>
    [Alias("RecordFailedSignIn")]
    Task<TimeSpan?> RecordFailedSignIn(SignInLimits limits);

    /// <summary>A correct password: clears the count; <paramref name="rehashed"/> replaces an outdated hash.</summary>
    [Alias("RecordSignIn")]
    Task<UserSession?> RecordSignIn(string? rehashed);

    /// <summary>Starts a refresh session (an app signed in with the password).</summary>
    [Alias("OpenRefreshSession")]
    Task OpenRefreshSession(string tokenHash, TimeSpan lifetime);

    /// <summary>Swaps a refresh token for a new one; a token presented twice ends every session.</summary>
    [Alias("RotateRefreshSession")]
    Task<RefreshResult> RotateRefreshSession(string presentedHash, string newHash, TimeSpan lifetime);

    /// <summary>Ends the refresh session of a token; nothing happens for a token that is not known.</summary>
    [Alias("RevokeRefreshSession")]
    Task RevokeRefreshSession(string tokenHash);

    /// <summary>
    /// Records (or updates) an account of an external issuer as its token states it. Never takes over
    /// an account of another source; a disabled account stays disabled.
    /// </summary>
    [Alias("ProvisionExternal")]
    Task<ProvisionResult> ProvisionExternal(string displayName, UserScope scope);

    /// <summary>Records a guise the development scheme saw this login in (tests, benchmarks).</summary>
    [Alias("ProvisionDevelopment")]
    Task<ProvisionResult> ProvisionDevelopment(UserScope scope);

    /// <summary>Whether a grain call's actor is this account as it stands now.</summary>
    [Alias("Verify")]
    Task<ActorVerdict> Verify(Actor actor);
}

/// <summary>
/// The list of accounts administrators manage (local and external; development guises are not
/// listed, so a benchmark's thousands of invented users cost one write each rather than a growing
/// list), and the one decision of the whole cluster that the demo accounts are seeded.
/// </summary>
[Alias("RuleOfLaw.Grains.Users.IUserDirectoryGrain")]
public interface IUserDirectoryGrain : IGrainWithStringKey
{
    public const string Key = "users";

    [Alias("Add")]
    Task Add(string login);

    /// <summary>Every listed login, in order.</summary>
    [Alias("Logins")]
    Task<IReadOnlyList<string>> Logins();

    /// <summary>True for exactly one caller over the life of the store: the node that seeds the accounts.</summary>
    [Alias("ClaimSeeding")]
    Task<bool> ClaimSeeding();

    [Alias("IsSeeded")]
    Task<bool> IsSeeded();
}
