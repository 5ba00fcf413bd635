using RuleOfLaw.Grains.Positions;

namespace RuleOfLaw.Domain.Tests.Positions;

public sealed class PresenceRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.FromHours(8));

    [Theory]
    [InlineData(1, 0, true)]
    [InlineData(1, 90, true)]
    [InlineData(1, 91, false)]
    [InlineData(2, 30, true)]
    [InlineData(0, 0, false)]
    public void ReachableMeansConnectedAndHeardFromWithinNinetySeconds(int connections, int silentSeconds, bool online) =>
        Assert.Equal(online, PresenceRules.IsOnline(connections, Now.AddSeconds(-silentSeconds), Now));

    [Fact]
    public void AConnectedDeviceNeverHeardFromIsNotReachable() =>
        Assert.False(PresenceRules.IsOnline(1, null, Now));

    [Theory]
    [InlineData("worker:gw-1", SubjectKind.Worker, "gw-1")]
    [InlineData("team:sanitation-team", SubjectKind.Team, "sanitation-team")]
    [InlineData("team:a:b", SubjectKind.Team, "a:b")]
    public void ASubjectKeyRoundTrips(string key, SubjectKind kind, string id)
    {
        Assert.True(PositionSubject.TryParse(key, out var subject));
        Assert.Equal((kind, id, key), (subject.Kind, subject.Id, subject.Key));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("worker:")]
    [InlineData(":gw-1")]
    [InlineData("drone:d-1")]
    [InlineData("worker")]
    public void AnythingElseIsNoSubject(string? key) =>
        Assert.False(PositionSubject.TryParse(key, out _));
}
