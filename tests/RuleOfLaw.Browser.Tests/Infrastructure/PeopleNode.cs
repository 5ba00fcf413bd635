namespace RuleOfLaw.Browser.Tests.Infrastructure;

/// <summary>
/// A browser node of its own whose field teams overstay "dispatched" after 3 s (the default is
/// 5 min), so that the console's warning can be watched arrive; teams and tracks start fresh.
/// </summary>
public sealed class PeopleNode() : BrowserNode("--Teams:Thresholds:Dispatched", "00:00:03")
{
    public static readonly TimeSpan DispatchedThreshold = TimeSpan.FromSeconds(3);
}

[CollectionDefinition(Name)]
public sealed class PeopleNodeCollection : ICollectionFixture<PeopleNode>
{
    public const string Name = "People browser node";
}
