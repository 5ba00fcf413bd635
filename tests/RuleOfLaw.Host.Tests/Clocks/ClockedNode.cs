using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Clocks;

/// <summary>
/// A node of its own whose register clock runs for 4 s (2 s urgent) and whose ladder climbs at the
/// due time, 3 s and 6 s after it, so that a case left alone goes through every colour and rung
/// in ten seconds, and whose field teams overstay "dispatched" after 2 s. Its tests kill and restart
/// it; each takes a street (or a team) of its own.
/// </summary>
public sealed class ClockedNode() : NodeProcess(
    "--Clocks:Register:Normal", "00:00:04",
    "--Clocks:Register:Urgent", "00:00:02",
    "--Clocks:EscalateAfterDue:0", "00:00:00",
    "--Clocks:EscalateAfterDue:1", "00:00:03",
    "--Clocks:EscalateAfterDue:2", "00:00:06",
    "--Teams:Thresholds:Dispatched", "00:00:02")
{
    public static readonly TimeSpan RegisterLimit = TimeSpan.FromSeconds(4);

    public static readonly TimeSpan[] EscalateAfterDue = [TimeSpan.Zero, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(6)];
}

[CollectionDefinition(Name)]
public sealed class ClockedNodeCollection : ICollectionFixture<ClockedNode>
{
    public const string Name = "Clocked node";
}
