using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests;

/// <summary>
/// The node most tests share: development authentication on, as shipped, and the diagnostics
/// endpoint a benchmark uses. Every class on it acts as the same few users (one per role,
/// <see cref="ActorHeaders.DefaultUser"/>), many people's work under one name at the suite's
/// pace, so the per-user rate limits are lifted far out of its way; the limits themselves are
/// tested on a node of their own (Protection/).
/// </summary>
public sealed class SharedNode() : NodeProcess(
    "--Diagnostics:Enabled", "true",
    "--Protection:RateLimits:Reports:TokenLimit", "100000",
    "--Protection:RateLimits:Reports:TokensPerPeriod", "100000",
    "--Protection:RateLimits:Transitions:TokenLimit", "100000",
    "--Protection:RateLimits:Transitions:TokensPerPeriod", "100000",
    "--Protection:RateLimits:Writes:TokenLimit", "100000",
    "--Protection:RateLimits:Writes:TokensPerPeriod", "100000");

/// <summary>A node whose development authentication is switched off.</summary>
public sealed class NodeWithoutAuthentication() : NodeProcess("--Authentication:Development:Enabled", "false");

/// <summary>
/// A node of its own that tests kill and restart, so no other test sees it go down. No test on
/// it lists the whole district, so grids stay inactive until a case of theirs arrives. Its tests
/// take one street each: 001 (TS), 002 (MD), 003 (SZ), 004 (AQ), 005 (TF), 006 (the assessment).
/// </summary>
public sealed class RestartableNode : NodeProcess;

[CollectionDefinition(Name)]
public sealed class SharedNodeCollection : ICollectionFixture<SharedNode>
{
    public const string Name = "Shared node";
}

[CollectionDefinition(Name)]
public sealed class NodeWithoutAuthenticationCollection : ICollectionFixture<NodeWithoutAuthentication>
{
    public const string Name = "Node without authentication";
}

[CollectionDefinition(Name)]
public sealed class RestartableNodeCollection : ICollectionFixture<RestartableNode>
{
    public const string Name = "Restartable node";
}
