using System.Security.Cryptography;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Areas;

namespace RuleOfLaw.Grains.Users;

/// <summary>An account as stored. Numbered once; never renumber.</summary>
[GenerateSerializer, Alias("RuleOfLaw.Grains.Users.UserState")]
public sealed class UserState
{
    [Id(0)] public string Login { get; set; } = "";
    [Id(1)] public string DisplayName { get; set; } = "";
    [Id(2)] public Role Role { get; set; }
    [Id(3)] public string Area { get; set; } = "";
    [Id(4)] public string? Unit { get; set; }
    [Id(5)] public string? PasswordHash { get; set; }
    [Id(6)] public bool Disabled { get; set; }
    [Id(7)] public UserSource Source { get; set; }
    [Id(8)] public string SecurityStamp { get; set; } = "";
    [Id(9)] public SignInFailures SignIn { get; set; } = new();
    [Id(10)] public List<RefreshSession> RefreshSessions { get; set; } = [];
    [Id(11)] public DateTimeOffset CreatedAt { get; set; }
    [Id(12)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Development accounts only: every (role, area, unit) the development scheme saw them in.</summary>
    [Id(13)] public List<UserGuise> Guises { get; set; } = [];
}

/// <summary>
/// A scope as stored: plain strings, because grain storage writes JSON and an <see cref="AreaCode"/>
/// (a private field behind computed properties) does not round-trip through it.
/// </summary>
[GenerateSerializer, Alias("RuleOfLaw.Grains.Users.UserGuise")]
public sealed class UserGuise
{
    [Id(0)] public Role Role { get; set; }
    [Id(1)] public string Area { get; set; } = "";
    [Id(2)] public string? Unit { get; set; }

    public bool Is(UserScope scope) => Role == scope.Role && Area == scope.Area.Value && Unit == scope.Unit;
}

/// <summary>
/// Thin over <see cref="UserState"/>: the rules are in <see cref="SignInThrottle"/>,
/// <see cref="RefreshSessions"/> and <see cref="UserRules"/>. State is written before each answer,
/// so an acknowledged disable or reset holds on every node at once.
/// </summary>
public sealed class UserGrain(
    [PersistentState("user")] IPersistentState<UserState> account,
    IGrainFactory grains,
    TimeProvider time) : Grain, IUserGrain
{
    // An unknown login has no record to keep its failures in; they live as long as the activation.
    private readonly SignInFailures _unknownLoginFailures = new();

    private string Login => this.GetPrimaryKeyString();

    private bool Exists => account.RecordExists;

    private UserState State => account.State;

    public Task<UserProfile?> Profile() => Task.FromResult(Exists ? ToProfile() : null);

    public Task<UserSession?> Session() => Task.FromResult(Exists ? ToSession() : null);

    public async Task<CreateResult> Create(NewUser user)
    {
        if (Exists)
        {
            if (State.Source != UserSource.Development)
            {
                await grains.GetGrain<IUserDirectoryGrain>(IUserDirectoryGrain.Key).Add(Login);
            }

            return new CreateResult(CreateOutcome.AlreadyExists, ToProfile());
        }

        var now = time.GetUtcNow();
        account.State = new UserState
        {
            Login = Login,
            DisplayName = string.IsNullOrWhiteSpace(user.DisplayName) ? Login : user.DisplayName.Trim(),
            Role = user.Role,
            Area = user.Area.Value,
            Unit = user.Unit,
            PasswordHash = user.PasswordHash,
            Source = user.Source,
            SecurityStamp = NewStamp(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        await account.WriteStateAsync();
        if (user.Source != UserSource.Development)
        {
            await grains.GetGrain<IUserDirectoryGrain>(IUserDirectoryGrain.Key).Add(Login);
        }

        return new CreateResult(CreateOutcome.Created, ToProfile());
    }

    public Task<UserProfile?> SetDisabled(bool disabled) => Change(state =>
    {
        if (state.Disabled != disabled)
        {
            state.Disabled = disabled;
            EndSessions(state);
        }
    });

    public Task<UserProfile?> Rescope(UserScope scope) => Change(state =>
    {
        state.Role = scope.Role;
        state.Area = scope.Area.Value;
        state.Unit = scope.Unit;
        EndSessions(state);
    });

    public Task<UserProfile?> SetPassword(string passwordHash) => Change(state =>
    {
        state.PasswordHash = passwordHash;
        SignInThrottle.RecordSuccess(state.SignIn);
        EndSessions(state);
    });

    public Task<SignInChallenge> BeginSignIn()
    {
        var now = time.GetUtcNow();
        return Task.FromResult(Exists
            ? new SignInChallenge(State.PasswordHash, !State.Disabled && State.PasswordHash is not null, SignInThrottle.LockedFor(State.SignIn, now))
            : new SignInChallenge(null, false, SignInThrottle.LockedFor(_unknownLoginFailures, now)));
    }

    public async Task<TimeSpan?> RecordFailedSignIn(SignInLimits limits)
    {
        var now = time.GetUtcNow();
        if (!Exists)
        {
            var locked = SignInThrottle.RecordFailure(_unknownLoginFailures, limits, now);
            if (locked is { } lockout)
            {
                // Keep the count alive for as long as the lockout it started.
                DelayDeactivation(lockout);
            }

            return locked;
        }

        var lockedFor = SignInThrottle.RecordFailure(State.SignIn, limits, now);
        State.UpdatedAt = now;
        await account.WriteStateAsync();
        return lockedFor;
    }

    public async Task<UserSession?> RecordSignIn(string? rehashed)
    {
        if (!Exists)
        {
            return null;
        }

        var changed = State.SignIn.Failures.Count > 0 || State.SignIn.LockedUntil is not null || rehashed is not null;
        SignInThrottle.RecordSuccess(State.SignIn);
        if (rehashed is not null)
        {
            State.PasswordHash = rehashed;
        }

        if (changed)
        {
            State.UpdatedAt = time.GetUtcNow();
            await account.WriteStateAsync();
        }

        return ToSession();
    }

    public async Task OpenRefreshSession(string tokenHash, TimeSpan lifetime)
    {
        if (!Exists || State.Disabled)
        {
            return;
        }

        RefreshSessions.Open(State.RefreshSessions, tokenHash, time.GetUtcNow(), lifetime);
        await account.WriteStateAsync();
    }

    public async Task<RefreshResult> RotateRefreshSession(string presentedHash, string newHash, TimeSpan lifetime)
    {
        if (!Exists)
        {
            return new RefreshResult(RefreshOutcome.Unknown, null);
        }

        // A disabled account has no sessions left (disabling ends them), so its tokens are Unknown here.
        var outcome = RefreshSessions.Rotate(State.RefreshSessions, presentedHash, newHash, time.GetUtcNow(), lifetime);
        if (outcome == RefreshOutcome.Reused)
        {
            // Someone else holds a copy of this session: end every session, cookies and tokens alike.
            EndSessions(State);
        }

        if (outcome != RefreshOutcome.Unknown)
        {
            await account.WriteStateAsync();
        }

        return new RefreshResult(outcome, outcome == RefreshOutcome.Rotated ? ToSession() : null);
    }

    public async Task RevokeRefreshSession(string tokenHash)
    {
        if (Exists && RefreshSessions.Revoke(State.RefreshSessions, tokenHash))
        {
            await account.WriteStateAsync();
        }
    }

    public async Task<ProvisionResult> ProvisionExternal(string displayName, UserScope scope)
    {
        if (!Exists)
        {
            await Create(new NewUser(displayName, scope.Role, scope.Area, scope.Unit, null, UserSource.External));
            return new ProvisionResult(ProvisionOutcome.Provisioned, ToSession());
        }

        if (State.Source != UserSource.External)
        {
            return new ProvisionResult(ProvisionOutcome.Conflict, null);
        }

        if (State.Disabled)
        {
            return new ProvisionResult(ProvisionOutcome.Disabled, null);
        }

        // The issuer is the source of role and jurisdiction: its token wins over what is stored.
        if (!SameScope(scope) || State.DisplayName != displayName)
        {
            State.Role = scope.Role;
            State.Area = scope.Area.Value;
            State.Unit = scope.Unit;
            State.DisplayName = displayName;
            State.UpdatedAt = time.GetUtcNow();
            await account.WriteStateAsync();
        }

        return new ProvisionResult(ProvisionOutcome.Provisioned, ToSession());
    }

    public async Task<ProvisionResult> ProvisionDevelopment(UserScope scope)
    {
        if (!Exists)
        {
            await Create(new NewUser(Login, scope.Role, scope.Area, scope.Unit, null, UserSource.Development));
        }

        if (State.Source != UserSource.Development)
        {
            // The headers may name a real account only as it is; they never change it.
            return new ProvisionResult(SameScope(scope) && !State.Disabled ? ProvisionOutcome.Provisioned : ProvisionOutcome.Conflict, null);
        }

        if (State.Disabled)
        {
            return new ProvisionResult(ProvisionOutcome.Disabled, null);
        }

        if (!SameScope(scope) && !State.Guises.Exists(guise => guise.Is(scope)))
        {
            State.Guises.Add(new UserGuise { Role = scope.Role, Area = scope.Area.Value, Unit = scope.Unit });
            State.UpdatedAt = time.GetUtcNow();
            await account.WriteStateAsync();
        }

        return new ProvisionResult(ProvisionOutcome.Provisioned, ToSession());
    }

    public Task<ActorVerdict> Verify(Actor actor)
    {
        if (!Exists)
        {
            return Task.FromResult(ActorVerdict.Unknown);
        }

        if (State.Disabled)
        {
            return Task.FromResult(ActorVerdict.Disabled);
        }

        var scope = new UserScope(actor.Role, actor.AreaScope, actor.UnitId);
        var matches = SameScope(scope) || (State.Source == UserSource.Development && State.Guises.Exists(guise => guise.Is(scope)));
        return Task.FromResult(matches ? ActorVerdict.Valid : ActorVerdict.ScopeChanged);
    }

    private async Task<UserProfile?> Change(Action<UserState> change)
    {
        if (!Exists)
        {
            return null;
        }

        change(State);
        State.UpdatedAt = time.GetUtcNow();
        await account.WriteStateAsync();
        return ToProfile();
    }

    /// <summary>A new stamp ends cookies and access tokens; clearing the list ends refresh tokens.</summary>
    private static void EndSessions(UserState state)
    {
        state.SecurityStamp = NewStamp();
        state.RefreshSessions.Clear();
    }

    private bool SameScope(UserScope scope) =>
        State.Role == scope.Role && State.Area == scope.Area.Value && State.Unit == scope.Unit;

    private UserProfile ToProfile() => new(
        State.Login, State.DisplayName, State.Role, AreaCode.Parse(State.Area), State.Unit, State.Disabled, State.Source, State.CreatedAt, State.UpdatedAt);

    private UserSession ToSession() => new(ToProfile(), State.SecurityStamp);

    private static string NewStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
}
