using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Cluster.Tests.Infrastructure;

/// <summary>
/// Where each test's load goes: a community of its own (dashboards subscribe to it, so a snapshot
/// covers a few dozen grids, not the whole district) and a few grids in it.
/// </summary>
public static class Places
{
    public const int NodeFailure = 0;
    public const int RollingRestart = 1;
    public const int DatabaseOutage = 2;
    public const int Dashboards = 3;
    public const int Clocks = 4;

    /// <summary>The <paramref name="index"/>-th community of the district, in the node's order.</summary>
    public static async Task<string> Community(NodeProcess node, int index) =>
        (await node.GridsOf(DemoAreas.District)).Select(grid => grid[..12]).Distinct().ElementAt(index);

    /// <summary>A point strictly inside each of the first <paramref name="count"/> grids of the area.</summary>
    public static async Task<IReadOnlyList<GridPoint>> Points(NodeProcess node, string area, int count = 6) =>
        await Task.WhenAll((await node.GridsOf(area)).Take(count).Select(node.PointIn));
}
