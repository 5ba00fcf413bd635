using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Areas;

namespace RuleOfLaw.Grains.Users;

/// <summary>Where an account comes from, which decides what may be changed locally.</summary>
public enum UserSource
{
    /// <summary>Created here (seeded or by an administrator); signs in with a password kept as a hash.</summary>
    Local,

    /// <summary>Provisioned at first sign-in from an external issuer's token; no password here.</summary>
    External,

    /// <summary>Named by the development scheme's headers; may act in several guises (tests, benchmarks).</summary>
    Development,
}

/// <summary>An account as people see it: never the password hash, the stamp or the sessions.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Users.UserProfile")]
public sealed record UserProfile(
    [property: Id(0)] string Login,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] Role Role,
    [property: Id(3)] AreaCode Area,
    [property: Id(4)] string? Unit,
    [property: Id(5)] bool Disabled,
    [property: Id(6)] UserSource Source,
    [property: Id(7)] DateTimeOffset CreatedAt,
    [property: Id(8)] DateTimeOffset UpdatedAt)
{
    /// <summary>The actor this account acts as.</summary>
    public Actor ToActor() => new(Login, Role, Unit, Area);
}

/// <summary>
/// What the web edge needs to keep a session honest: the profile and the current security stamp.
/// A session (cookie or token) carries the stamp it was issued with; a different one here ends it.
/// </summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Users.UserSession")]
public sealed record UserSession([property: Id(0)] UserProfile Profile, [property: Id(1)] string SecurityStamp);

/// <summary>A new account: its login is the key of the grain it is created in.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Users.NewUser")]
public sealed record NewUser(
    [property: Id(0)] string DisplayName,
    [property: Id(1)] Role Role,
    [property: Id(2)] AreaCode Area,
    [property: Id(3)] string? Unit,
    [property: Id(4)] string? PasswordHash,
    [property: Id(5)] UserSource Source);

/// <summary>Role and jurisdiction: what a re-scope changes and what an external token states.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Users.UserScope")]
public sealed record UserScope([property: Id(0)] Role Role, [property: Id(1)] AreaCode Area, [property: Id(2)] string? Unit);

/// <summary>The limits of password guessing, passed by the edge that reads them from configuration.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Users.SignInLimits")]
public sealed record SignInLimits(
    [property: Id(0)] int MaxFailures,
    [property: Id(1)] TimeSpan Window,
    [property: Id(2)] TimeSpan Lockout)
{
    /// <summary>Five failures within 15 minutes lock the login for 15 minutes.</summary>
    public static SignInLimits Default { get; } = new(5, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15));
}

/// <summary>
/// What a sign-in attempt needs from the account before the password is checked. An unknown login
/// answers with no hash; the edge checks the password against a dummy hash anyway, so that the
/// answer and its time do not tell whether the login exists.
/// </summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Users.SignInChallenge")]
public sealed record SignInChallenge(
    [property: Id(0)] string? PasswordHash,
    [property: Id(1)] bool CanSignIn,
    [property: Id(2)] TimeSpan? LockedFor);

/// <summary>How a grain call's actor compares with their account.</summary>
public enum ActorVerdict
{
    Valid,

    /// <summary>No such account.</summary>
    Unknown,

    Disabled,

    /// <summary>The account's role, area or unit is not the one the caller states.</summary>
    ScopeChanged,
}

public enum CreateOutcome
{
    Created,
    AlreadyExists,
}

[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Users.CreateResult")]
public sealed record CreateResult([property: Id(0)] CreateOutcome Outcome, [property: Id(1)] UserProfile Profile);

public enum ProvisionOutcome
{
    Provisioned,

    Disabled,

    /// <summary>The login belongs to an account of another source (a local account is never taken over).</summary>
    Conflict,
}

[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Users.ProvisionResult")]
public sealed record ProvisionResult([property: Id(0)] ProvisionOutcome Outcome, [property: Id(1)] UserSession? Session);

public enum RefreshOutcome
{
    Rotated,

    /// <summary>Neither a current nor a rotated token of this account (or the account cannot sign in).</summary>
    Unknown,

    Expired,

    /// <summary>A token that was already rotated came back: someone holds a copy, so every session ended.</summary>
    Reused,
}

[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Users.RefreshResult")]
public sealed record RefreshResult([property: Id(0)] RefreshOutcome Outcome, [property: Id(1)] UserSession? Session);
