using RuleOfLaw.Grains.Common;

namespace RuleOfLaw.Grains.Diagnostics;

/// <summary>
/// What a reminder probe saw: which node armed it and when it was due, then which node it fired
/// on and when. Operators arm one before taking a node down to check that durable timers survive
/// the loss of the node that holds them (the deadlines of cases will rely on the same machinery).
/// </summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Diagnostics.ReminderProbeStatus")]
public sealed record ReminderProbeStatus(
    [property: Id(0)] string Name,
    [property: Id(1)] string ArmedOn,
    [property: Id(2)] DateTimeOffset ArmedAt,
    [property: Id(3)] DateTimeOffset DueAt,
    [property: Id(4)] string? FiredOn,
    [property: Id(5)] DateTimeOffset? FiredAt);

[Alias("RuleOfLaw.Grains.Diagnostics.IReminderProbeGrain")]
public interface IReminderProbeGrain : IGrainWithStringKey
{
    /// <summary>Arms (or re-arms) the probe's durable reminder to fire once, after <paramref name="dueIn"/>.</summary>
    [Alias("Arm")]
    Task<ReminderProbeStatus> Arm(TimeSpan dueIn);

    /// <summary>The probe's record, or null when it was never armed.</summary>
    [Alias("Status")]
    Task<ReminderProbeStatus?> Status();
}

/// <summary>
/// A one-shot durable reminder whose record is kept in grain storage, so that where and when it
/// fired can be read after the node that armed it is gone.
/// </summary>
public sealed class ReminderProbeGrain(
    [PersistentState("reminder-probe")] IPersistentState<ReminderProbeStatus> record,
    ILocalSiloDetails silo,
    TimeProvider time) : Grain, IReminderProbeGrain, IRemindable
{
    private const string ReminderName = "probe";

    public async Task<ReminderProbeStatus> Arm(TimeSpan dueIn)
    {
        var now = time.GetUtcNow();
        record.State = new ReminderProbeStatus(this.GetPrimaryKeyString(), silo.SiloAddress.ToString(), now, now + dueIn, null, null);
        await record.WriteStateAsync();
        await this.RegisterOrUpdateReminder(ReminderName, dueIn, DurableWake.RepeatPeriod);
        return record.State;
    }

    // Orleans hands an empty state to a grain that has none stored: the record's existence is what says "armed".
    public Task<ReminderProbeStatus?> Status() => Task.FromResult(record.RecordExists ? record.State : null);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (record.RecordExists && record.State is { FiredAt: null } armed)
        {
            record.State = armed with { FiredOn = silo.SiloAddress.ToString(), FiredAt = time.GetUtcNow() };
            await record.WriteStateAsync();
        }

        if (await this.GetReminder(reminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }
}
