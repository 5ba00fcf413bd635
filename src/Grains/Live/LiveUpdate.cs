using System.Text.Json.Serialization;

namespace RuleOfLaw.Grains.Live;

/// <summary>
/// Anything pushed to dashboards: a case's change, a scope's assessment, a team's status. Each
/// kind says which updates supersede each other (<see cref="Supersedes"/>, newest by
/// <see cref="Order"/>) and how often it may go out (<see cref="Window"/>), so one notifier and one
/// relay carry every kind: a new kind adds a record and its topics, not another path.
/// </summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Live.LiveUpdate")]
public abstract record LiveUpdate
{
    /// <summary>Updates with the same key within one window: only the one with the highest order goes out.</summary>
    [JsonIgnore]
    public abstract string Supersedes { get; }

    [JsonIgnore]
    public abstract long Order { get; }

    /// <summary>The notifier's batch window for this kind.</summary>
    [JsonIgnore]
    public virtual TimeSpan Window => LiveWindows.Prompt;
}

/// <summary>How long the notifier gathers updates before a batch goes out.</summary>
public static class LiveWindows
{
    /// <summary>Changes people act on: a tenth of a second keeps them prompt and still coalesces bursts.</summary>
    public static readonly TimeSpan Prompt = TimeSpan.FromMilliseconds(100);

    /// <summary>Streams that change constantly (positions): at most once a second per subject.</summary>
    public static readonly TimeSpan Throttled = TimeSpan.FromSeconds(1);
}
