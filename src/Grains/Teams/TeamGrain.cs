using Microsoft.Extensions.Options;
using RuleOfLaw.Grains.Access;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Live;

namespace RuleOfLaw.Grains.Teams;

/// <summary>
/// One change of a team's status: who, when, from → to, why, and the local names the district
/// used on each side (with the names as they were then: the record says what was said). Changes
/// stored before local names existed have none.
/// </summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Teams.TeamStatusChange")]
public sealed record TeamStatusChange(
    [property: Id(0)] TeamStatus From,
    [property: Id(1)] TeamStatus To,
    [property: Id(2)] string ActorUserId,
    [property: Id(3)] Role ActorRole,
    [property: Id(4)] DateTimeOffset At,
    [property: Id(5)] string? Reason,
    [property: Id(6)] LocalStatusView? FromLocal = null,
    [property: Id(7)] LocalStatusView? ToLocal = null);

/// <summary>
/// A team as the console shows it: its status since when, when it overstays (the status's
/// threshold), whether it already has, how many warnings it has had, and its recent changes;
/// the local name of its status (null when none), and the statuses its members may choose next.
/// </summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Teams.TeamView")]
public sealed record TeamView(
    [property: Id(0)] string TeamId,
    [property: Id(1)] string UnitId,
    [property: Id(2)] TeamStatus Status,
    [property: Id(3)] DateTimeOffset? Since,
    [property: Id(4)] DateTimeOffset? OverstaysAt,
    [property: Id(5)] bool Warning,
    [property: Id(6)] int Warnings,
    [property: Id(7)] IReadOnlyList<TeamStatusChange> History,
    [property: Id(8)] LocalStatusView? LocalStatus,
    [property: Id(9)] IReadOnlyList<TeamStatusChoice> Choices);

/// <summary>A team's view as pushed live, with the area it serves and its version (every change or warning adds one).</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Teams.TeamUpdate")]
public sealed record TeamUpdate(
    [property: Id(0)] TeamView Team,
    [property: Id(1)] string AreaCode,
    [property: Id(2)] long Version) : LiveUpdate
{
    public override string Supersedes => Topics.Team(Team.TeamId);

    public override long Order => Version;
}

public enum TeamChangeStatus
{
    Changed,
    NotFound,
    Forbidden,
    NotAllowed,
    Invalid,
}

[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Teams.TeamChangeResult")]
public sealed record TeamChangeResult(
    [property: Id(0)] TeamChangeStatus Status,
    [property: Id(1)] TeamView? Team,
    [property: Id(2)] LocalizedText? Message);

/// <summary>
/// Section <c>Teams</c>: the thresholds (<c>Teams:Thresholds</c>, status name → time, over the
/// defaults) and the district's local status names (<c>Teams:LocalStatuses</c>, none by default).
/// </summary>
public sealed class TeamOptions
{
    public const string Section = "Teams";

    private LocalTeamStatuses? _local;

    public Dictionary<TeamStatus, TimeSpan> Thresholds { get; set; } = [];

    public List<LocalTeamStatusOption> LocalStatuses { get; set; } = [];

    /// <summary>The local names as the rules use them (checked at start: <see cref="LocalTeamStatuses.Problems"/>).</summary>
    public LocalTeamStatuses Local => _local ??= LocalTeamStatuses.From(LocalStatuses);

    /// <summary>What is wrong with these settings, one line each naming the entry; empty when they can be used.</summary>
    public IReadOnlyList<string> Problems() => LocalTeamStatuses.Problems(LocalStatuses);

    public TimeSpan? ThresholdOf(TeamStatus status) =>
        Thresholds.TryGetValue(status, out var configured) ? configured
        : TeamStatusRules.DefaultThresholds.TryGetValue(status, out var standard) ? standard
        : null;
}

/// <summary>A field team (a unit of kind FieldTeam), keyed by its unit id.</summary>
[Alias("RuleOfLaw.Grains.Teams.ITeamGrain")]
public interface ITeamGrain : IGrainWithStringKey
{
    /// <summary>
    /// A member (a handler of the team or of its parent unit) changes the status to
    /// <paramref name="status"/>, a canonical name or a local code; the grain checks who and what.
    /// </summary>
    [Alias("ChangeStatus")]
    Task<TeamChangeResult> Change(Actor actor, string status, string? reason);

    /// <summary>
    /// The platform's note that a case was dispatched to the team: an available or returning team
    /// becomes dispatched, recorded as the platform's change; a team in any other status stays as
    /// its members set it (answered NotAllowed, nothing recorded). Only the case's grain calls this,
    /// after the dispatch is stored: no person reaches it, so it checks no actor.
    /// </summary>
    [Alias("NoteDispatched")]
    Task<TeamChangeResult> NoteDispatched(string incidentId);

    /// <summary>The team now; null when the id is not a field team.</summary>
    [Alias("View")]
    Task<TeamView?> View();
}

[GenerateSerializer, Alias("RuleOfLaw.Grains.Teams.TeamState")]
public sealed class TeamState
{
    [Id(0)]
    public TeamStatus Status { get; set; } = TeamStatus.Available;

    [Id(1)]
    public DateTimeOffset? Since { get; set; }

    /// <summary>Every change, oldest first: the record of who moved the team when.</summary>
    [Id(2)]
    public List<TeamStatusChange> History { get; set; } = [];

    [Id(3)]
    public int Warnings { get; set; }

    /// <summary>Whether the current stay has been counted as overstaying already.</summary>
    [Id(4)]
    public bool Warned { get; set; }

    /// <summary>One more for every change and every warning: dashboards keep the highest they saw.</summary>
    [Id(5)]
    public long Version { get; set; }

    /// <summary>The local code the status was set under; null for a canonical name (and in state stored before local names).</summary>
    [Id(6)]
    public string? LocalStatus { get; set; }
}

/// <summary>
/// Stored as grain state (status changes are few next to positions). A status with a threshold
/// sets a durable reminder for the instant it is overstayed; the tick counts the warning once.
/// </summary>
public sealed class TeamGrain(
    [PersistentState("team")] IPersistentState<TeamState> stored,
    CatalogueBook catalogue,
    IOptions<TeamOptions> options,
    LiveNotifier notifier,
    TimeProvider time) : Grain, ITeamGrain, IRemindable
{
    private const string OverstayReminder = "overstay";

    /// <summary>The most recent changes a view carries; the full history stays in the state.</summary>
    private const int ViewedChanges = 20;

    private UnitInfo? Team => catalogue.FindUnit(this.GetPrimaryKeyString()) is { Kind: UnitKind.FieldTeam } team ? team : null;

    public async Task<TeamChangeResult> Change(Actor actor, string status, string? reason)
    {
        if (Team is not { } team)
        {
            return new TeamChangeResult(TeamChangeStatus.NotFound, null, Text.Of("没有这支队伍。", "No such field team."));
        }

        // A member of the team, or a handler of the unit it belongs to, speaks for it.
        var target = AccessTarget.OfUnit(actor.UnitId == team.Id ? team.Id : team.ParentUnitId ?? team.Id, team.AreaCode);
        if (AccessPolicy.Refusal(actor, Door.Of(Permission.ChangeTeamStatus), target) is { } refusal)
        {
            return new TeamChangeResult(TeamChangeStatus.Forbidden, null, refusal);
        }

        if ((reason?.Length ?? 0) > 500)
        {
            return new TeamChangeResult(TeamChangeStatus.Invalid, null, Text.Of("理由最多 500 个字。", "The reason is at most 500 characters long."));
        }

        var local = options.Value.Local;
        if (local.Resolve(status) is not { } to)
        {
            return new TeamChangeResult(TeamChangeStatus.Invalid, null, UnknownStatus(local));
        }

        return await Move(team, actor, to, reason);
    }

    public async Task<TeamChangeResult> NoteDispatched(string incidentId)
    {
        if (Team is not { } team)
        {
            return new TeamChangeResult(TeamChangeStatus.NotFound, null, Text.Of("没有这支队伍。", "No such field team."));
        }

        return await Move(team, SystemActor.Instance, new ResolvedTeamStatus(TeamStatus.Dispatched, null), $"派遣事件 {incidentId} / dispatched to case {incidentId}");
    }

    /// <summary>The change itself, once the caller is known to speak for the team: the status rule, the record, the push.</summary>
    private async Task<TeamChangeResult> Move(UnitInfo team, Actor actor, ResolvedTeamStatus to, string? reason)
    {
        var state = stored.State;
        var local = options.Value.Local;
        var fromLocal = local.Find(state.LocalStatus, state.Status);
        if (!local.Allows(state.Status, fromLocal?.Code, to))
        {
            var from = NameOf(state.Status, fromLocal);
            var target = NameOf(to.Status, local.Find(to.LocalCode, to.Status));
            return new TeamChangeResult(TeamChangeStatus.NotAllowed, ViewOf(team), Text.Of(
                $"队伍处于“{from.ZhCn}”，不能改为“{target.ZhCn}”。",
                $"A team that is {from.En} cannot become {target.En}."));
        }

        var now = time.GetUtcNow();
        state.History.Add(new TeamStatusChange(
            state.Status, to.Status, actor.UserId, actor.Role, now, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
            fromLocal, local.Find(to.LocalCode, to.Status)));
        state.Status = to.Status;
        state.LocalStatus = to.LocalCode;
        state.Since = now;
        state.Warned = false;
        state.Version++;
        await stored.WriteStateAsync();
        await ScheduleOverstay();
        var view = ViewOf(team);
        notifier.Publish(new TeamUpdate(view, team.AreaCode, state.Version));
        return new TeamChangeResult(TeamChangeStatus.Changed, view, null);
    }

    /// <summary>The 400's text: what was sent is neither a canonical name nor a local code; what is accepted.</summary>
    private static LocalizedText UnknownStatus(LocalTeamStatuses local)
    {
        var names = Enum.GetValues<TeamStatus>().Select(status => (Value: status.ToString(), Name: TeamStatusRules.Label(status)))
            .Concat(local.Entries.Select(entry => (Value: entry.View.Code, Name: entry.View.Name)))
            .ToList();
        return Text.Of(
            $"status 须为以下之一：{string.Join("、", names.Select(name => $"{name.Value}（{name.Name.ZhCn}）"))}。",
            $"status must be one of: {string.Join(", ", names.Select(name => $"{name.Value} ({name.Name.En})"))}.");
    }

    private static LocalizedText NameOf(TeamStatus status, LocalStatusView? local) => local?.Name ?? TeamStatusRules.Label(status);

    public Task<TeamView?> View() => Task.FromResult(Team is { } team ? ViewOf(team) : null);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        var state = stored.State;
        if (OverstaysAt() is { } at && time.GetUtcNow() >= at && !state.Warned)
        {
            state.Warned = true;
            state.Warnings++;
            state.Version++;
            await stored.WriteStateAsync();
            if (Team is { } team)
            {
                notifier.Publish(new TeamUpdate(ViewOf(team), team.AreaCode, state.Version));
            }
        }

        await ScheduleOverstay();
    }

    private DateTimeOffset? OverstaysAt() =>
        stored.State.Since is { } since && options.Value.ThresholdOf(stored.State.Status) is { } threshold ? since + threshold : null;

    /// <summary>A reminder while a stay can still be overstayed and is not yet counted; none otherwise.</summary>
    private async Task ScheduleOverstay()
    {
        if (OverstaysAt() is { } at && !stored.State.Warned)
        {
            var dueIn = at - time.GetUtcNow();
            await this.RegisterOrUpdateReminder(OverstayReminder, dueIn > TimeSpan.Zero ? dueIn : TimeSpan.Zero, DurableWake.RepeatPeriod);
        }
        else if (await this.GetReminder(OverstayReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private TeamView ViewOf(UnitInfo team)
    {
        var state = stored.State;
        var overstaysAt = OverstaysAt();
        return new TeamView(
            team.Id,
            team.ParentUnitId ?? team.Id,
            state.Status,
            state.Since,
            overstaysAt,
            state.Warned || (overstaysAt is { } at && time.GetUtcNow() >= at),
            state.Warnings,
            [.. state.History.TakeLast(ViewedChanges)],
            options.Value.Local.Find(state.LocalStatus, state.Status),
            options.Value.Local.ChoicesFrom(state.Status, state.LocalStatus));
    }
}
