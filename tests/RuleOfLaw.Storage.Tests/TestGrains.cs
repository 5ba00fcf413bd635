using System.Collections.Concurrent;

namespace RuleOfLaw.Storage.Tests;

[Alias("RuleOfLaw.Storage.Tests.IStateProbeGrain")]
public interface IStateProbeGrain : IGrainWithStringKey
{
    [Alias("Save")]
    Task Save(string note);

    [Alias("Load")]
    Task<string?> Load();
}

[GenerateSerializer, Alias("RuleOfLaw.Storage.Tests.ProbeState")]
public sealed class ProbeState
{
    [Id(0)]
    public string? Note { get; set; }
}

/// <summary>Keeps one note in an unnamed-provider state, i.e. in the "Default" grain storage.</summary>
public sealed class StateProbeGrain([PersistentState(StateProbeGrain.StateName)] IPersistentState<ProbeState> state) : Grain, IStateProbeGrain
{
    public const string StateName = "probe";

    public async Task Save(string note)
    {
        state.State.Note = note;
        await state.WriteStateAsync();
    }

    public Task<string?> Load() => Task.FromResult(state.State.Note);
}

[Alias("RuleOfLaw.Storage.Tests.IReminderProbeGrain")]
public interface IReminderProbeGrain : IGrainWithStringKey
{
    [Alias("Arm")]
    Task Arm(TimeSpan dueTime, TimeSpan period);
}

/// <summary>Registers one reminder; on its first tick unregisters it and signals the test.</summary>
/// <remarks>Its own grain type name: the silo also hosts the diagnostics grain of the same class name.</remarks>
[GrainType("storage-tests-reminder-probe")]
public sealed class ReminderProbeGrain : Grain, IReminderProbeGrain, IRemindable
{
    public const string ReminderName = "deadline";

    public Task Arm(TimeSpan dueTime, TimeSpan period) => this.RegisterOrUpdateReminder(ReminderName, dueTime, period);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (await this.GetReminder(reminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        ReminderSignals.For(this.GetPrimaryKeyString()).TrySetResult(reminderName);
    }
}

/// <summary>Lets a test await what a grain observed, keyed by the grain's key (fresh per test).</summary>
public static class ReminderSignals
{
    private static readonly ConcurrentDictionary<string, TaskCompletionSource<string>> Signals = new();

    public static TaskCompletionSource<string> For(string grainKey) =>
        Signals.GetOrAdd(grainKey, _ => new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously));
}
