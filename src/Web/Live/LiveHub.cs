using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;
using RuleOfLaw.Grains.Access;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Assessment;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.Grains.Live;
using RuleOfLaw.Grains.Positions;
using RuleOfLaw.Grains.Teams;
using RuleOfLaw.Grains.Units;
using RuleOfLaw.Grains.Users;
using RuleOfLaw.Web.Access;
using RuleOfLaw.Web.Actors;
using RuleOfLaw.Web.Areas;
using RuleOfLaw.Web.Assessment;
using RuleOfLaw.Web.Errors;
using RuleOfLaw.Web.Incidents;
using RuleOfLaw.Web.Sessions;
using RuleOfLaw.Web.Units;
using RuleOfLaw.Web.Workers;

namespace RuleOfLaw.Web.Live;

/// <summary>What the server calls on a dashboard.</summary>
public interface ILiveClient
{
    /// <summary>
    /// A batch of changes in one subscribed scope. Apply a delta only when its version is newer
    /// than the one held; on any doubt, subscribe again for a fresh snapshot.
    /// </summary>
    Task Deltas(IReadOnlyList<IncidentDelta> deltas);

    /// <summary>
    /// A subscribed assessment scope's counters and rates for the current month, at most once a
    /// second and only when they changed; the whole figures each time, so nothing needs merging.
    /// </summary>
    Task Assessment(AssessmentUpdate update);

    /// <summary>
    /// Field teams whose status changed or who overstayed a status, in a subscribed area or unit;
    /// keep a team's update only when its version is newer than the one held.
    /// </summary>
    Task Teams(IReadOnlyList<TeamUpdate> teams);

    /// <summary>
    /// Grid workers and field teams that moved, in a subscribed area's positions, at most once a
    /// second each; keep a subject's fix only when it was taken after the one held.
    /// </summary>
    Task Positions(IReadOnlyList<PositionUpdate> positions);

    /// <summary>Grid workers and field teams that became reachable or unreachable, in a subscribed area's positions.</summary>
    Task Presence(IReadOnlyList<PresenceUpdate> presence);
}

/// <summary>Where an area's people are and whether each is reachable now; moves and presence changes follow.</summary>
public sealed record AreaPeople(IReadOnlyList<PositionUpdate> Positions, IReadOnlyList<PresenceUpdate> Presence);

/// <summary>The state of a scope at the moment of subscribing; deltas follow.</summary>
public sealed record ScopeSnapshot(
    string Topic,
    IReadOnlyList<IncidentSummary> Incidents,
    CounterTable? Counters,
    DateTimeOffset TakenAt);

/// <summary>
/// Live status for dashboards. A client subscribes to an area (any level) or one case and gets
/// a snapshot, then deltas. Groups are joined before the snapshot is read, so no change falls
/// between the two; a change seen in both is told apart by its version.
/// </summary>
[Authorize]
public sealed partial class LiveHub(
    AreaDirectory areas,
    CatalogueBook catalogue,
    AreaIncidents incidents,
    Positions positions,
    IPositionStore positionStore,
    IGrainFactory grains,
    GrainReferences<ITrackerGrain> trackers,
    ActiveUsers users,
    ILogger<LiveHub> logger)
    : Hub<ILiveClient>
{
    public const string Path = "/hubs/live";

    /// <summary>How far back an area's positions snapshot looks: who was out there within the hour.</summary>
    private static readonly TimeSpan RecentPositions = TimeSpan.FromHours(1);

    public async Task<ScopeSnapshot> SubscribeArea(string areaCode)
    {
        if (!AreaCode.TryParse(areaCode, out var code) || areas.Find(code.Value) is null)
        {
            throw Refusal(Text.Of($"“{areaCode}”不是本区的区域编码。", $"'{areaCode}' is not an area of the district."));
        }

        await Through(Permission.ReadArea, AccessTarget.OfArea(code));

        var topic = Topics.Area(code);
        await Groups.AddToGroupAsync(Context.ConnectionId, topic);
        var takenAt = DateTimeOffset.UtcNow;
        var open = await incidents.OpenUnder(code, IncidentFilter.Any);
        var counters = await incidents.Counters(code);
        return new ScopeSnapshot(topic, open, counters, takenAt);
    }

    public async Task<ScopeSnapshot> SubscribeIncident(string incidentId)
    {
        if (!IncidentIds.TryNormalize(incidentId, out var id))
        {
            throw Refusal(Text.Of($"“{incidentId}”不是事件编号。", $"'{incidentId}' is not an incident id."));
        }

        var details = await grains.GetGrain<IIncidentGrain>(id).Details()
            ?? throw Refusal(IncidentsApi.NoSuchCase(id));
        await Through(Permission.ReadIncident, details.Incident.ReadTarget(await CurrentActor()));

        // Read again after joining, so a change between the check and the join is not missed.
        var topic = Topics.Incident(id);
        await Groups.AddToGroupAsync(Context.ConnectionId, topic);
        var fresh = await grains.GetGrain<IIncidentGrain>(id).Details();
        return new ScopeSnapshot(topic, [fresh!.Incident.ToSummary()], null, DateTimeOffset.UtcNow);
    }

    /// <summary>A unit's work queue: its open cases now, then every change to them (including cases it loses).</summary>
    public async Task<ScopeSnapshot> SubscribeUnit(string unitId)
    {
        var unit = catalogue.FindUnit(unitId) ?? throw Refusal(UnitsApi.NoSuchUnit(unitId));
        await Through(Permission.ReadUnitQueue, unit.Target());

        var topic = Topics.Unit(unitId);
        await Groups.AddToGroupAsync(Context.ConnectionId, topic);
        var takenAt = DateTimeOffset.UtcNow;
        var open = await grains.GetGrain<IUnitGrain>(unitId).OpenIncidents(IncidentFilter.Any);
        return new ScopeSnapshot(topic, open, null, takenAt);
    }

    /// <summary>
    /// Where the grid workers and field teams of an area are: the newest stored fix of each seen in
    /// the last hour and who is reachable now, then each one's moves at most once a second. Location is personal
    /// information, so only those who dispatch and lead the area may subscribe.
    /// </summary>
    public async Task<AreaPeople> SubscribeAreaPositions(string areaCode)
    {
        if (!AreaCode.TryParse(areaCode, out var code) || areas.Find(code.Value) is null)
        {
            throw Refusal(Text.Of($"“{areaCode}”不是本区的区域编码。", $"'{areaCode}' is not an area of the district."));
        }

        await Through(Permission.ReadPositions, AccessTarget.OfArea(code));
        await Groups.AddToGroupAsync(Context.ConnectionId, Topics.Positions(code));
        var positions = new List<PositionUpdate>();
        foreach (var stored in await positionStore.Latest(code.ToString(), DateTimeOffset.UtcNow - RecentPositions))
        {
            if (PositionSubject.TryParse(stored.Subject, out var subject))
            {
                positions.Add(new PositionUpdate(subject, stored.HomeArea, stored.Fix));
            }
        }

        var presence = (await Task.WhenAll(positions.Select(position => trackers.For(position.Subject.Key).Presence().AsTask())))
            .OfType<PresenceUpdate>()
            .ToList();

        // Someone connected a moment ago has no stored fix yet, but is reachable: the roster knows.
        var located = positions.Select(position => position.Subject.Key).ToHashSet(StringComparer.Ordinal);
        var online = await grains.GetGrain<IPresenceRosterGrain>(IPresenceRosterGrain.Key).OnlineUnder(code);
        presence.AddRange(online.Where(update => !located.Contains(update.Subject.Key)));
        return new AreaPeople(positions, presence);
    }

    /// <summary>The app's heartbeat: the caller's device is there (presence), whether or not it has a fix to send.</summary>
    public async Task Heartbeat()
    {
        if (positions.SubjectOf(Actor()) is var (subject, homeArea))
        {
            await trackers.For(subject.Key).Heartbeat(homeArea);
        }
    }

    /// <summary>
    /// A grid worker's or field team member's connection makes them reachable (presence). A
    /// presence signal that cannot be delivered must not cost the connection: the heartbeat and
    /// the silence timeout make it good.
    /// </summary>
    public override async Task OnConnectedAsync()
    {
        if (Context.User?.ToActor() is { } actor && positions.SubjectOf(actor) is var (subject, homeArea))
        {
            await TellPresence(() => trackers.For(subject.Key).Connected(Context.ConnectionId, homeArea));
        }

        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (Context.User?.ToActor() is { } actor && positions.SubjectOf(actor) is var (subject, _))
        {
            await TellPresence(() => trackers.For(subject.Key).Disconnected(Context.ConnectionId));
        }

        await base.OnDisconnectedAsync(exception);
    }

    private async Task TellPresence(Func<ValueTask> tell)
    {
        try
        {
            await tell();
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            LogPresenceNotTold(logger, failure);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A connection's presence could not be told to its tracker; the heartbeat will")]
    private static partial void LogPresenceNotTold(ILogger logger, Exception exception);

    /// <summary>
    /// The caller's own reports: every change of a case they reported, or whose duplicate they
    /// reported and which was merged into it, so every reporter stays informed. Deltas only (the
    /// snapshot is empty): the topic is named after the caller, so nobody can join another's.
    /// </summary>
    public async Task<ScopeSnapshot> SubscribeReports()
    {
        var actor = await CurrentActor();
        await Through(Permission.OwnSession, AccessTarget.None);

        var topic = Topics.Reporter(actor.UserId);
        await Groups.AddToGroupAsync(Context.ConnectionId, topic);
        return new ScopeSnapshot(topic, [], null, DateTimeOffset.UtcNow);
    }

    /// <summary>
    /// An area's assessment (any level, grid included): the current month now, then at most one
    /// update a second while it changes. Pushes are hints: read the API for other periods.
    /// </summary>
    public async Task<AssessmentUpdate> SubscribeAreaAssessment(string areaCode)
    {
        if (!AreaCode.TryParse(areaCode, out var code) || areas.Find(code.Value) is null)
        {
            throw Refusal(Text.Of($"“{areaCode}”不是本区的区域编码。", $"'{areaCode}' is not an area of the district."));
        }

        await Through(Permission.ReadAreaAssessment, AccessTarget.OfArea(code));
        return await SubscribeAssessment(AssessmentScope.OfArea(code));
    }

    /// <summary>A unit's assessment: the current month now, then at most one update a second while it changes.</summary>
    public async Task<AssessmentUpdate> SubscribeUnitAssessment(string unitId)
    {
        var unit = catalogue.FindUnit(unitId) ?? throw Refusal(UnitsApi.NoSuchUnit(unitId));
        await Through(Permission.ReadUnitAssessment, unit.Target());
        return await SubscribeAssessment(AssessmentScope.OfUnit(unit.Id));
    }

    /// <summary>A person's assessment (the cases they reported): the current month now, then updates as for an area.</summary>
    public async Task<AssessmentUpdate> SubscribePersonAssessment(string userId)
    {
        var profile = LoginNames.Problem(userId) is null
            ? await grains.GetGrain<IUserGrain>(LoginNames.Normalize(userId)).Profile()
            : null;
        if (profile is null)
        {
            throw Refusal(AssessmentApi.NoSuchPerson(userId));
        }

        await Through(Permission.ReadPersonAssessment, AccessTarget.OfPerson(profile.Login, profile.Area, profile.Unit));
        return await SubscribeAssessment(AssessmentScope.OfPerson(profile.Login));
    }

    /// <summary>Joins the scope's group before reading its figures, so no change falls between the two.</summary>
    private async Task<AssessmentUpdate> SubscribeAssessment(AssessmentScope scope)
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, scope.Topic);
        return await scope.Grain(grains).Current();
    }

    /// <summary>
    /// A grid worker's phone reports where it is. Sent without waiting for an answer (SendAsync):
    /// a refused report fails only this invocation, never the connection.
    /// </summary>
    public async Task UpdatePosition(PositionReport position) => Refuse(await positions.Accept(Actor(), position));

    /// <summary>
    /// The fixes a phone gathered since its last send (up to <see cref="Positions.MaxFixesPerMessage"/>),
    /// in one message: a phone that reports every few seconds, or catches up after a dead spot,
    /// pays for one invocation and one grain call instead of one per fix.
    /// </summary>
    public async Task UpdatePositions(IReadOnlyList<PositionReport?> reports) => Refuse(await positions.AcceptMany(Actor(), reports));

    public Task Unsubscribe(string topic) => Groups.RemoveFromGroupAsync(Context.ConnectionId, topic);

    private void Refuse(PositionOutcome outcome)
    {
        switch (outcome)
        {
            case PositionOutcome.Invalid(var errors):
                var messages = errors.Values.SelectMany(texts => texts).ToList();
                throw Refusal(Text.Of(string.Join(" ", messages.Select(m => m.ZhCn)), string.Join(" ", messages.Select(m => m.En))));
            case PositionOutcome.Forbidden(var reason):
                throw Forbidden(reason);
            case PositionOutcome.NotLocated(var reason):
                throw Refusal(reason);
        }
    }

    /// <summary>
    /// The policy table's check for a subscription, made on every call: a connection outlives the
    /// moment it was authorized, and its user may have been re-scoped since.
    /// </summary>
    private async Task Through(Permission permission, AccessTarget target)
    {
        if (AccessPolicy.Refusal(await CurrentActor(), Door.Of(permission), target) is { } reason)
        {
            throw Forbidden(reason);
        }
    }

    /// <summary>A refusal by the policy table, told apart from bad input by its first word.</summary>
    private HubException Forbidden(LocalizedText reason) =>
        Refusal(Text.Of($"无权访问：{reason.ZhCn}", $"Forbidden: {reason.En}"));

    /// <summary>
    /// The actor, if their account is still as it was when the connection opened: a connection
    /// outlives a disable or re-scope until it closes, but it subscribes to nothing more.
    /// </summary>
    private async Task<Actor> CurrentActor()
    {
        var actor = Actor();
        return await users.IsCurrent(Context.User!)
            ? actor
            : throw Refusal(Text.Of("会话已结束（账号已停用或已变更），请重新登录。", "The session has ended (the account was disabled or changed): sign in again."));
    }

    private Actor Actor() =>
        Context.User?.ToActor() ?? throw Refusal(Text.Of("无法确认操作人身份。", "Who is acting is not known."));

    /// <summary>
    /// Hub calls run outside the request that opened the connection, so the language is read
    /// from that request's culture feature rather than from the current thread.
    /// </summary>
    private HubException Refusal(LocalizedText message)
    {
        var culture = Context.GetHttpContext()?.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture.Name;
        return new HubException(message.For(culture ?? Languages.Default));
    }
}
