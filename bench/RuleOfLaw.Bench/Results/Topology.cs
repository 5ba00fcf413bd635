using RuleOfLaw.Bench.Options;

namespace RuleOfLaw.Bench.Results;

/// <summary>One node the load went to.</summary>
public sealed record NodeEntry(string Name, string Url, int? ProcessId, string? DataDirectory);

/// <summary>
/// What the load ran against: how many nodes, their store, whether the harness started them, and
/// the servers it started for them. Its title heads the markdown and the columns of <c>compare</c>.
/// </summary>
public sealed record Topology(
    int Nodes,
    StoreKind? Store,
    bool StartedByHarness,
    string? ClusterId,
    IReadOnlyList<NodeEntry> Endpoints,
    IReadOnlyList<string> Servers)
{
    /// <summary>"1 node (SQLite)", "3 nodes (PostgreSQL + Redis)", "2 nodes (already running)".</summary>
    public string Title => $"{Nodes} node{(Nodes == 1 ? string.Empty : "s")} ({Store switch
    {
        StoreKind.Sqlite => "SQLite",
        StoreKind.Postgres => "PostgreSQL + Redis",
        _ => "already running",
    }})";

    /// <summary>Nodes the harness did not start: one URL per node, store and membership unknown to it.</summary>
    public static Topology Running(IReadOnlyList<Uri> urls) => new(
        urls.Count,
        null,
        StartedByHarness: false,
        null,
        urls.Select((url, index) => new NodeEntry($"node {index + 1}", url.ToString(), null, null)).ToList(),
        []);
}
