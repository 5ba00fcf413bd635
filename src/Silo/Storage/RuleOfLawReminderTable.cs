using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace RuleOfLaw.Silo.Storage;

/// <summary>
/// Orleans' reminder table over the project's own store, so that deadlines survive a restart of
/// the embedded node and are shared by every node in production. Rows are scoped by the cluster's
/// service id, which outlives deployments (cluster ids change, reminders must not).
/// </summary>
public sealed class RuleOfLawReminderTable(IRuleOfLawStore store, IOptions<ClusterOptions> clusterOptions) : IReminderTable
{
    private readonly string _serviceId = clusterOptions.Value.ServiceId;

    /// <summary>The schema is created by the store's initialization earlier in the silo lifecycle.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<ReminderTableData> ReadRows(GrainId grainId) => ReadRows(grainId, CancellationToken.None);

    public async Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken)
    {
        var rows = await store.ReadReminders(_serviceId, grainId.ToString(), cancellationToken);
        return new ReminderTableData(rows.Select(ToEntry));
    }

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => ReadRows(begin, end, CancellationToken.None);

    public async Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken)
    {
        var rows = await store.ReadRemindersInRange(_serviceId, begin, end, cancellationToken);
        return new ReminderTableData(rows.Select(ToEntry));
    }

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => ReadRow(grainId, reminderName, CancellationToken.None);

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken)
    {
        var row = await store.ReadReminder(_serviceId, grainId.ToString(), reminderName, cancellationToken);
        return row is null ? null : ToEntry(row);
    }

    public Task<string?> UpsertRow(ReminderEntry entry) => UpsertRow(entry, CancellationToken.None);

    public async Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken)
    {
        var row = new ReminderRow(entry.GrainId.ToString(), entry.ReminderName, entry.GrainId.GetUniformHashCode(), entry.StartAt, entry.Period);
        return await store.UpsertReminder(_serviceId, row, cancellationToken);
    }

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) =>
        RemoveRow(grainId, reminderName, eTag, CancellationToken.None);

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken) =>
        store.RemoveReminder(_serviceId, grainId.ToString(), reminderName, eTag, cancellationToken);

    public Task TestOnlyClearTable() => TestOnlyClearTable(CancellationToken.None);

    public Task TestOnlyClearTable(CancellationToken cancellationToken) => store.ClearReminders(_serviceId, cancellationToken);

    private static ReminderEntry ToEntry(StoredReminder row) => new()
    {
        GrainId = GrainId.Parse(row.GrainId),
        ReminderName = row.ReminderName,
        StartAt = row.StartAt,
        Period = row.Period,
        ETag = row.ETag,
    };
}
