using RuleOfLaw.Grains.Users;

namespace RuleOfLaw.Domain.Tests.Users;

public sealed class RefreshSessionTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    [Fact]
    public void UsingARefreshTokenReplacesItAndMovesTheExpiry()
    {
        var sessions = new List<RefreshSession>();
        RefreshSessions.Open(sessions, "h1", Start, Lifetime);

        var outcome = RefreshSessions.Rotate(sessions, "h1", "h2", Start.AddDays(1), Lifetime);

        Assert.Equal(RefreshOutcome.Rotated, outcome);
        var session = Assert.Single(sessions);
        Assert.Equal("h2", session.CurrentHash);
        Assert.Equal(["h1"], session.RotatedHashes);
        Assert.Equal(Start.AddDays(31), session.ExpiresAt);
    }

    [Fact]
    public void AReplacedTokenPresentedAgainEndsEverySession()
    {
        var sessions = new List<RefreshSession>();
        RefreshSessions.Open(sessions, "phone", Start, Lifetime);
        RefreshSessions.Open(sessions, "tablet", Start, Lifetime);
        RefreshSessions.Rotate(sessions, "phone", "phone-2", Start.AddHours(1), Lifetime);

        var outcome = RefreshSessions.Rotate(sessions, "phone", "thief", Start.AddHours(2), Lifetime);

        Assert.Equal(RefreshOutcome.Reused, outcome);
        Assert.Empty(sessions);
    }

    [Fact]
    public void AnUnknownTokenChangesNothingAndAnExpiredOneIsDropped()
    {
        var sessions = new List<RefreshSession>();
        RefreshSessions.Open(sessions, "h1", Start, Lifetime);

        Assert.Equal(RefreshOutcome.Unknown, RefreshSessions.Rotate(sessions, "other", "h2", Start, Lifetime));
        Assert.Single(sessions);
        Assert.Equal(RefreshOutcome.Expired, RefreshSessions.Rotate(sessions, "h1", "h2", Start + Lifetime, Lifetime));
        Assert.Empty(sessions);
    }

    [Fact]
    public void RevokingByACurrentOrAnOldTokenEndsThatSessionOnly()
    {
        var sessions = new List<RefreshSession>();
        RefreshSessions.Open(sessions, "a1", Start, Lifetime);
        RefreshSessions.Open(sessions, "b1", Start, Lifetime);
        RefreshSessions.Rotate(sessions, "a1", "a2", Start, Lifetime);

        Assert.True(RefreshSessions.Revoke(sessions, "a1"));
        Assert.False(RefreshSessions.Revoke(sessions, "a2"));
        Assert.Equal("b1", Assert.Single(sessions).CurrentHash);
    }

    [Fact]
    public void OnlyTheNewestSessionsAreKept()
    {
        var sessions = new List<RefreshSession>();
        for (var n = 0; n < RefreshSessions.MaxSessions + 3; n++)
        {
            RefreshSessions.Open(sessions, $"h{n}", Start.AddMinutes(n), Lifetime);
        }

        Assert.Equal(RefreshSessions.MaxSessions, sessions.Count);
        Assert.Equal("h3", sessions[0].CurrentHash);
    }
}
