namespace RuleOfLaw.Grains.Common;

/// <summary>
/// The repeat period of every durable reminder that wakes a grain at an instant (a case's clocks, a
/// team's overstay, the reminder probe). Orleans delivers a tick missed while no node held the
/// reminder (a restart, a node's loss) at the first whole period after its due time, so this bounds
/// how late a colour, a rung or a warning can be once a node has picked the reminder up again: well
/// inside the minute the clocks promise. The node lowers Orleans' minimum reminder period (one
/// minute by default) to it.
/// </summary>
public static class DurableWake
{
    public static readonly TimeSpan RepeatPeriod = TimeSpan.FromSeconds(10);
}
