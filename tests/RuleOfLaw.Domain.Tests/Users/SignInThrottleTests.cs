using RuleOfLaw.Grains.Users;

namespace RuleOfLaw.Domain.Tests.Users;

public sealed class SignInThrottleTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 8, 0, 0, TimeSpan.FromHours(8));
    private static readonly SignInLimits Limits = SignInLimits.Default;

    [Fact]
    public void FourFailuresInFifteenMinutesDoNotLockAndTheFifthLocksForFifteenMinutes()
    {
        var record = new SignInFailures();
        for (var minute = 0; minute < 4; minute++)
        {
            Assert.Null(SignInThrottle.RecordFailure(record, Limits, Start.AddMinutes(minute * 3)));
        }

        var locked = SignInThrottle.RecordFailure(record, Limits, Start.AddMinutes(12));

        Assert.Equal(TimeSpan.FromMinutes(15), locked);
        Assert.Equal(TimeSpan.FromMinutes(10), SignInThrottle.LockedFor(record, Start.AddMinutes(17)));
        Assert.Null(SignInThrottle.LockedFor(record, Start.AddMinutes(27)));
    }

    [Fact]
    public void FailuresOlderThanTheWindowDoNotCount()
    {
        var record = new SignInFailures();
        for (var minute = 0; minute < 4; minute++)
        {
            SignInThrottle.RecordFailure(record, Limits, Start.AddMinutes(minute));
        }

        Assert.Null(SignInThrottle.RecordFailure(record, Limits, Start.AddMinutes(16)));
        Assert.Equal(3, record.Failures.Count);
    }

    [Fact]
    public void AttemptsWhileLockedAreNotCountedSoTheLockoutEndsWhenItSaid()
    {
        var record = new SignInFailures();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            SignInThrottle.RecordFailure(record, Limits, Start);
        }

        Assert.Equal(TimeSpan.FromMinutes(5), SignInThrottle.RecordFailure(record, Limits, Start.AddMinutes(10)));
        Assert.Equal(Start.AddMinutes(15), record.LockedUntil);
        Assert.Null(SignInThrottle.RecordFailure(record, Limits, Start.AddMinutes(15)));
    }

    [Fact]
    public void ASuccessClearsTheCount()
    {
        var record = new SignInFailures();
        for (var attempt = 0; attempt < 4; attempt++)
        {
            SignInThrottle.RecordFailure(record, Limits, Start);
        }

        SignInThrottle.RecordSuccess(record);

        Assert.Null(SignInThrottle.RecordFailure(record, Limits, Start.AddMinutes(1)));
        Assert.Single(record.Failures);
    }

    [Fact]
    public void TheLimitsAreTheOnesGiven()
    {
        var record = new SignInFailures();
        var strict = new SignInLimits(2, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(30));

        Assert.Null(SignInThrottle.RecordFailure(record, strict, Start));
        Assert.Equal(TimeSpan.FromSeconds(30), SignInThrottle.RecordFailure(record, strict, Start.AddSeconds(10)));
    }
}
