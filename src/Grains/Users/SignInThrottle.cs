namespace RuleOfLaw.Grains.Users;

/// <summary>Failed sign-ins of one login (or one client address) and the lockout they led to.</summary>
[GenerateSerializer, Alias("RuleOfLaw.Grains.Users.SignInFailures")]
public sealed class SignInFailures
{
    /// <summary>When each failure within the current window happened, oldest first.</summary>
    [Id(0)]
    public List<DateTimeOffset> Failures { get; set; } = [];

    [Id(1)]
    public DateTimeOffset? LockedUntil { get; set; }
}

/// <summary>
/// The lockout arithmetic (OWASP ASVS 2.2.1): <see cref="SignInLimits.MaxFailures"/> failures within
/// <see cref="SignInLimits.Window"/> lock the login for <see cref="SignInLimits.Lockout"/>. Attempts
/// while locked are refused without counting, so a lockout ends when it says it will.
/// </summary>
public static class SignInThrottle
{
    /// <summary>How long the login stays locked, or null when it may try now.</summary>
    public static TimeSpan? LockedFor(SignInFailures record, DateTimeOffset now) =>
        record.LockedUntil is { } until && until > now ? until - now : null;

    /// <summary>Counts a failure; returns the lockout it started, if this failure was the last one allowed.</summary>
    public static TimeSpan? RecordFailure(SignInFailures record, SignInLimits limits, DateTimeOffset now)
    {
        if (LockedFor(record, now) is { } locked)
        {
            return locked;
        }

        record.LockedUntil = null;
        record.Failures.RemoveAll(at => at <= now - limits.Window);
        record.Failures.Add(now);
        if (record.Failures.Count < limits.MaxFailures)
        {
            return null;
        }

        record.Failures.Clear();
        record.LockedUntil = now + limits.Lockout;
        return limits.Lockout;
    }

    /// <summary>A correct password clears the count.</summary>
    public static void RecordSuccess(SignInFailures record)
    {
        record.Failures.Clear();
        record.LockedUntil = null;
    }

    /// <summary>True when the record holds nothing worth keeping.</summary>
    public static bool IsClear(SignInFailures record, DateTimeOffset now, SignInLimits limits) =>
        LockedFor(record, now) is null && record.Failures.All(at => at <= now - limits.Window);
}
