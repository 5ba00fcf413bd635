namespace RuleOfLaw.Grains.Users;

/// <summary>
/// Failed sign-ins from one client address, whatever logins they tried: one address guessing many
/// logins is stopped as surely as many guesses at one login. Memory only; keyed by the address.
/// </summary>
[Alias("RuleOfLaw.Grains.Users.IClientSignInGrain")]
public interface IClientSignInGrain : IGrainWithStringKey
{
    [Alias("LockedFor")]
    Task<TimeSpan?> LockedFor();

    [Alias("RecordFailure")]
    Task<TimeSpan?> RecordFailure(SignInLimits limits);
}

public sealed class ClientSignInGrain(TimeProvider time) : Grain, IClientSignInGrain
{
    private readonly SignInFailures _failures = new();

    public Task<TimeSpan?> LockedFor() => Task.FromResult(SignInThrottle.LockedFor(_failures, time.GetUtcNow()));

    public Task<TimeSpan?> RecordFailure(SignInLimits limits)
    {
        var locked = SignInThrottle.RecordFailure(_failures, limits, time.GetUtcNow());
        DelayDeactivation(locked ?? limits.Window);
        return Task.FromResult(locked);
    }
}
