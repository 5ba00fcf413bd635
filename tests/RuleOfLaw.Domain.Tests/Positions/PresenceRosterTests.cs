using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Positions;

namespace RuleOfLaw.Domain.Tests.Positions;

public sealed class PresenceRosterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.FromHours(8));
    private static readonly AreaCode Street = Area("510802002");
    private const string GridOfStreet = "510802002003001";
    private const string GridElsewhere = "510802005001001";

    [Fact]
    public void ListsWhoIsReachableUnderAnAreaAndDropsWhoWentOffline()
    {
        var roster = new PresenceRoster();
        roster.Report(Presence("gw-1", GridOfStreet, online: true, version: 1), Now);
        roster.Report(Presence("gw-2", GridElsewhere, online: true, version: 1), Now);
        roster.Report(Presence("gw-3", GridOfStreet, online: true, version: 1), Now);
        roster.Report(Presence("gw-3", GridOfStreet, online: false, version: 2), Now);

        Assert.Equal(["gw-1"], Ids(roster.OnlineUnder(Street, Now)));
        Assert.Equal(["gw-1", "gw-2"], Ids(roster.OnlineUnder(Area("510802"), Now)));
    }

    [Fact]
    public void AnOlderReportDoesNotUndoANewerOne()
    {
        var roster = new PresenceRoster();
        roster.Report(Presence("gw-1", GridOfStreet, online: false, version: 5), Now);
        roster.Report(Presence("gw-1", GridOfStreet, online: true, version: 4), Now);
        roster.Report(Presence("gw-2", GridOfStreet, online: true, version: 7), Now);
        roster.Report(Presence("gw-2", GridOfStreet, online: false, version: 6), Now);

        // gw-1 was never held online, so the late "online" is taken; gw-2's late "offline" is not.
        Assert.Equal(["gw-1", "gw-2"], Ids(roster.OnlineUnder(Street, Now)));
    }

    [Fact]
    public void AnEntryNotRenewedWithinItsLifetimeIsDropped()
    {
        var roster = new PresenceRoster();
        roster.Report(Presence("gw-1", GridOfStreet, online: true, version: 1), Now);
        roster.Report(Presence("gw-2", GridOfStreet, online: true, version: 1), Now);
        var later = Now + PresenceRoster.Lifetime;
        roster.Report(Presence("gw-2", GridOfStreet, online: true, version: 1), later - TimeSpan.FromSeconds(1));

        Assert.Equal(["gw-1", "gw-2"], Ids(roster.OnlineUnder(Street, later)));
        Assert.Equal(["gw-2"], Ids(roster.OnlineUnder(Street, later + TimeSpan.FromSeconds(1))));
        Assert.Equal(1, roster.Count);
    }

    private static PresenceUpdate Presence(string user, string homeArea, bool online, long version) =>
        new(PositionSubject.Worker(user), homeArea, online, Now, Now, version);

    private static string[] Ids(IReadOnlyList<PresenceUpdate> presence) =>
        [.. presence.Select(update => update.Subject.Id).Order(StringComparer.Ordinal)];

    private static AreaCode Area(string code) => AreaCode.TryParse(code, out var area) ? area : throw new ArgumentException(code);
}
