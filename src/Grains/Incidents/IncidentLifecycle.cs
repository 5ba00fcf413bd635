using RuleOfLaw.Grains.Access;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Clocks;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Privacy;
using RuleOfLaw.Grains.Supervision;

namespace RuleOfLaw.Grains.Incidents;

/// <summary>
/// The closed loop as a pure rule: <see cref="Decide"/> turns a command into an event or a
/// refusal, <see cref="Apply"/> folds an event into the record. No I/O, no clock of its own:
/// the grain passes the time in, so the rule is tested exhaustively without Orleans.
/// </summary>
public static class IncidentLifecycle
{
    public static Decision Decide(IncidentRecord? current, IncidentCommand command, DateTimeOffset now, ILifecycleContext context)
    {
        if (command is ReportIncident report)
        {
            return current is null
                ? DecideReport(report, now, context)
                : new Refused(RefusalKind.NotAllowed, Text.Of("该事件已上报。", "The case has already been reported."), Empty, AllowedCommands(current, command.Actor));
        }

        if (current is null)
        {
            return new Refused(RefusalKind.NotFound, Text.Of("没有以此编号上报的事件。", "No case with this id has been reported."), Empty, []);
        }

        var refusal = CheckPermission(current, command.Kind, command.Actor);
        if (refusal is not null)
        {
            return refusal with { Allowed = AllowedCommands(current, command.Actor) };
        }

        if (command is MergeIncident { Target: { } target }
            && AccessPolicy.Refusal(command.Actor, Door.OfStep(CommandKind.Merge), AccessTarget.OfIncident(target.GridCode, target.AssignedUnitId)) is { } outOfReach)
        {
            return Forbidden(Text.Of($"不能合并到事件 {target.IncidentId}：{outOfReach.ZhCn}", $"Cannot merge into case {target.IncidentId}: {outOfReach.En}"));
        }

        var errors = Validate(current, command, now, context);
        if (errors.Count > 0)
        {
            return Refused.Invalid(errors);
        }

        var (to, facts) = Outcome(current, command, context);

        // The legal basis is copied from the catalogue as it stands now: the catalogue is editable,
        // and the record must keep the law each step was taken under (domain.md §7).
        return WithClocks(current, context, new IncidentEvent(
            current.Version + 1,
            command.Kind,
            current.State,
            to,
            command.Actor.UserId,
            command.Actor.Role,
            command.Actor.UnitId,
            now,
            Normalize(command.Reason),
            command.Attachments,
            facts,
            context.FindSubcategory(current.Report.SubcategoryCode)?.LegalBasis));
    }

    /// <summary>
    /// Accepts the event with the clocks it leaves behind: deadlines are computed now, from the
    /// calendar and limits in force, and stored with the step that set them.
    /// </summary>
    private static Accepted WithClocks(IncidentRecord? current, ILifecycleContext context, IncidentEvent e)
    {
        var after = Apply(current, e, current?.Id ?? string.Empty);
        return new Accepted(e with { Clocks = ClockRules.After(current, after, e.At, context.Clocks) });
    }

    /// <summary>Every command this actor may issue on the case now, in table order.</summary>
    public static IReadOnlyList<CommandKind> AllowedCommands(IncidentRecord current, Actor actor) =>
        TransitionTable.Rules
            // Every answer lists these, and the full check words a refusal for each step it turns
            // down: the cheap conditions it also makes come first and leave a step or two.
            .Where(rule => rule.From.Contains(current.State) && AccessPolicy.Admits(actor.Role, Door.OfStep(rule.Command)))
            .Where(rule => CheckPermission(current, rule.Command, actor) is null)
            .Select(rule => rule.Command)
            .ToList();

    public static IncidentRecord Apply(IncidentRecord? current, IncidentEvent e, string incidentId)
    {
        if (current is null)
        {
            var reported = e.Facts as ReportedFacts
                ?? throw new InvalidOperationException($"Incident {incidentId}: the first event must be a report, was {e.Command}.");
            return WithClocks(
                new IncidentRecord(
                    incidentId, e.Version, e.To, reported, e.ActorUserId, e.Attachments, e.At, e.At,
                    AssignedUnitId: null, DefaultUnitId: null, DispatchedAt: null, ReworkCount: 0,
                    Extensions: [], Pending: null, Closure: null),
                e);
        }

        var next = SupervisionRules.Apply(WithClocks(current with { Version = e.Version, State = e.To, UpdatedAt = e.At }, e), e);
        var affirmed = e.Facts is VerdictFacts { Affirmed: true };
        var applied = e.Command switch
        {
            CommandKind.Register =>
                next with { RegisteredAt = current.RegisteredAt ?? e.At },
            CommandKind.Dispatch when e.Facts is DispatchedFacts dispatched =>
                next with
                {
                    AssignedUnitId = dispatched.UnitId,
                    AssignedTeamId = dispatched.TeamId,
                    DefaultUnitId = dispatched.DefaultUnitId,
                    DispatchedAt = e.At,
                    DispatchCount = current.DispatchCount + 1,
                },
            CommandKind.Revisit when e.Facts is RevisitedFacts { Disputed: true } disputed =>
                next with
                {
                    Revisit = new RevisitOutcome(disputed.Satisfaction, true, e.At),
                    ReworkCount = current.ReworkCount + 1,
                    DispatchedAt = e.At,
                    Closure = null,
                },
            CommandKind.Revisit when e.Facts is RevisitedFacts revisited =>
                next with { Revisit = new RevisitOutcome(revisited.Satisfaction, false, e.At) },
            CommandKind.Check when !affirmed =>
                next with { ReworkCount = current.ReworkCount + 1, DispatchedAt = e.At },
            CommandKind.RequestReturn =>
                next with { Pending = new PendingRequest(PendingRequestKind.Return, e.ActorUserId, e.At, null) },
            CommandKind.RequestHang =>
                next with { Pending = new PendingRequest(PendingRequestKind.Hang, e.ActorUserId, e.At, null) },
            CommandKind.RequestExtension when e.Facts is ExtensionRequestedFacts extension =>
                next with { Pending = new PendingRequest(PendingRequestKind.Extension, e.ActorUserId, e.At, extension.Extension) },
            CommandKind.DecideReturn when affirmed =>
                next with { Pending = null, AssignedUnitId = null, AssignedTeamId = null, DispatchedAt = null },
            CommandKind.DecideExtension when affirmed && current.Pending?.Extension is { } granted =>
                next with { Pending = null, Extensions = [.. current.Extensions, granted] },
            CommandKind.DecideReturn or CommandKind.DecideExtension or CommandKind.DecideHang or CommandKind.Handle =>
                next with { Pending = null },
            CommandKind.Close when e.Facts is ClosedFacts closed =>
                next with { Closure = closed.Closure },
            CommandKind.ClockTurned when e.Facts is ClockTurnedFacts { Colour: ClockColour.Red } turned =>
                MarkHandlingLate(next with { Late = MarkLate(next.Late, turned.Clock) }, turned.Clock, turned.Key),
            CommandKind.Escalate when e.Facts is EscalatedFacts escalated =>
                next with { EscalationLevel = Math.Max(next.EscalationLevel, escalated.Level) },
            CommandKind.FlagDuplicate when e.Facts is DuplicateFlaggedFacts flagged =>
                next with { LikelyDuplicateOf = flagged.CandidateIds },
            CommandKind.Merge when e.Facts is MergeFacts merge =>
                next with { MergedInto = merge.OriginalIncidentId },
            CommandKind.Unmerge when e.Facts is MergeFacts =>
                next with { MergedInto = null },
            CommandKind.Merge when e.Facts is MergedReportFacts attached =>
                next with { MergedReports = [.. current.MergedReports, new MergedReport(attached.DuplicateIncidentId, attached.ReporterUserId, e.At)] },
            CommandKind.Unmerge when e.Facts is MergedReportFacts detached =>
                next with { MergedReports = [.. current.MergedReports.Where(report => report.IncidentId != detached.DuplicateIncidentId)] },
            _ => next,
        };
        return SupervisionRules.EndWithCase(current, applied, e.At);
    }

    /// <summary>
    /// Takes the clocks an event carries; a clock it stops after its due time (or that was paused
    /// past it) leaves its kind in <see cref="IncidentRecord.Late"/> for the on-time statistics.
    /// </summary>
    private static IncidentRecord WithClocks(IncidentRecord record, IncidentEvent e)
    {
        if (e.Clocks is not { } clocks)
        {
            return record;
        }

        var late = record;
        foreach (var stopped in record.Clocks.Where(clock => !clocks.Any(clock.IsRunOf)))
        {
            if ((stopped.PausedAt ?? e.At) > stopped.DueAt)
            {
                late = MarkHandlingLate(late with { Late = MarkLate(late.Late, stopped.Kind) }, stopped.Kind, stopped.Key);
            }
        }

        return late with { Clocks = clocks };
    }

    /// <summary>
    /// A late handling clock is the lateness of the unit the case is with when it goes late (the
    /// record before a return takes the unit away): charged to that unit, never to the next one.
    /// </summary>
    private static IncidentRecord MarkHandlingLate(IncidentRecord record, ClockKind kind, string? key) =>
        kind == ClockKind.Handling && key is null && record.AssignedUnitId is { } unit && !record.HandlingLateUnits.Contains(unit)
            ? record with { HandlingLateUnits = [.. record.HandlingLateUnits, unit] }
            : record;

    private static IReadOnlyList<ClockKind> MarkLate(IReadOnlyList<ClockKind> late, ClockKind kind) =>
        late.Contains(kind) ? late : [.. late, kind];

    /// <summary>Folds a whole history; the state of an event-sourced incident.</summary>
    public static IncidentRecord? Replay(string incidentId, IEnumerable<IncidentEvent> events) =>
        events.Aggregate((IncidentRecord?)null, (record, e) => Apply(record, e, incidentId));

    private static Decision DecideReport(ReportIncident report, DateTimeOffset now, ILifecycleContext context)
    {
        var actor = report.Actor;
        if (!AccessPolicy.Admits(actor.Role, Door.OfStep(CommandKind.Report)))
        {
            var role = IncidentLabels.Of(actor.Role);
            return Forbidden(Text.Of($"{role.ZhCn}不能上报事件。", $"The role {role.En} may not report cases."));
        }

        var errors = new Errors();
        var subcategory = context.FindSubcategory(report.SubcategoryCode ?? string.Empty);
        if (subcategory is null)
        {
            errors.Add("subcategory", Text.Of($"“{report.SubcategoryCode}”不是事件分类目录中的小类。", $"'{report.SubcategoryCode}' is not a subcategory of the catalogue."));
        }

        errors.TextField("description", Text.Of("事件描述", "description"), report.Description, IncidentLimits.DescriptionLength, required: true);
        errors.TextField("address", Text.Of("地址", "address"), report.Address, IncidentLimits.AddressLength, required: false);
        if (!Coordinates.IsLongitude(report.Longitude))
        {
            errors.Add("longitude", Coordinates.LongitudeOutOfRange);
        }

        if (!Coordinates.IsLatitude(report.Latitude))
        {
            errors.Add("latitude", Coordinates.LatitudeOutOfRange);
        }

        if (!Enum.IsDefined(report.Source))
        {
            errors.Add("source", Text.Of($"“{report.Source}”不是事件来源。", $"'{report.Source}' is not a case source."));
        }
        else if (actor.Role == Role.GridWorker && report.Source != IncidentSource.Patrol)
        {
            errors.Add("source", Text.Of("网格员只能上报巡查发现的事件，其他来源由受理员登记。", "Grid workers report from patrol; other sources are registered by intake."));
        }
        else if (actor.Role == Role.Intake && report.Source == IncidentSource.Patrol)
        {
            errors.Add("source", Text.Of("巡查上报由网格员提交，受理员登记其他来源。", "Patrol reports come from grid workers; intake registers the other sources."));
        }

        errors.Attachments(report.Attachments);
        if (actor.Role == Role.GridWorker && report.Attachments.Count == 0)
        {
            errors.Add("attachments", Text.Of("巡查上报至少需要一张照片。", "A patrol report needs at least one photo."));
        }

        var personal = Normalize(report.Personal);
        foreach (var (field, message) in PersonalData.Problems(personal, report.Source))
        {
            errors.Add(field, message);
        }

        if (errors.Count > 0)
        {
            return Refused.Invalid(errors.ToDictionary());
        }

        var placement = context.Place(report.Longitude, report.Latitude);
        if (placement is null)
        {
            return new Refused(
                RefusalKind.Unprocessable,
                Text.Of("该位置不在本区任何网格内。", "The location lies outside every grid of the district."),
                new Dictionary<string, LocalizedText[]> { ["location"] = [Text.Of("该点位于本区网格之外。", "The point is outside the district's grids.")] },
                []);
        }

        if (AccessPolicy.Refusal(actor, Door.OfStep(CommandKind.Report), AccessTarget.OfArea(AreaCode.Parse(placement.GridCode))) is not null)
        {
            return Forbidden(Text.Of(
                $"该位置属于网格 {placement.GridCode}，不在上报人的辖区 {actor.AreaScope} 内。",
                $"The location lies in grid {placement.GridCode}, outside the reporter's area {actor.AreaScope}."));
        }

        var facts = new ReportedFacts(
            subcategory!.CategoryCode,
            subcategory.Code,
            report.Description.Trim(),
            report.Longitude,
            report.Latitude,
            Normalize(report.Address),
            report.Source,
            report.Urgent,
            placement,
            subcategory.HandlingLimit,
            personal,
            PersonalData.IsSensitive(subcategory.CategoryCode, report.MarkedSensitive));
        return WithClocks(null, context, new IncidentEvent(
            1, CommandKind.Report, null, IncidentState.Reported, actor.UserId, actor.Role, actor.UnitId, now, null, report.Attachments, facts, subcategory.LegalBasis));
    }

    /// <summary>
    /// Role, reach, state and pending requests: everything that decides whether the step is this
    /// actor's to take now. Returns null when it is. Who may act comes first, from the one policy
    /// table, so that nobody learns a case's state from a step that was never theirs (403 before 409).
    /// </summary>
    private static Refused? CheckPermission(IncidentRecord current, CommandKind command, Actor actor)
    {
        var rule = TransitionTable.Find(command);
        if (rule is null)
        {
            return NotAllowed(Text.Of($"“{IncidentLabels.Of(command).ZhCn}”不是已有事件的处理步骤。", $"{command} is not a step of an existing case."));
        }

        if (AccessPolicy.Refusal(actor, Door.OfStep(command), SupervisionRules.TargetFor(current, command, actor)) is { } forbidden)
        {
            return Forbidden(forbidden);
        }

        if (SupervisionRules.NotYours(current, command, actor) is { } notYours)
        {
            return Forbidden(notYours);
        }

        if (!rule.From.Contains(current.State))
        {
            return NotAllowed(Text.Of(
                $"事件处于“{IncidentLabels.Of(current.State).ZhCn}”状态，不能“{IncidentLabels.Of(command).ZhCn}”。",
                $"{command} is not allowed in state {current.State}."));
        }

        return command switch
        {
            CommandKind.RequestVerification when current.Report.Source == IncidentSource.Patrol =>
                NotAllowed(Text.Of("巡查上报由网格员现场发现，无需再派核实。", "Patrol reports come from a grid worker on site and need no verification.")),
            CommandKind.Sign or CommandKind.RequestReturn or CommandKind.RequestExtension or CommandKind.RequestHang
                when current.Pending is { } pending =>
                NotAllowed(Text.Of(
                    $"{IncidentLabels.Of(pending.Kind).ZhCn}申请正等待派遣员审批。",
                    $"A {IncidentLabels.Of(pending.Kind).En} request awaits the dispatcher's decision.")),
            CommandKind.DecideReturn when current.Pending?.Kind != PendingRequestKind.Return =>
                NotAllowed(Text.Of("没有待审批的退回申请。", "No return request is pending.")),
            CommandKind.DecideExtension when current.Pending?.Kind != PendingRequestKind.Extension =>
                NotAllowed(Text.Of("没有待审批的延期申请。", "No extension request is pending.")),
            CommandKind.DecideHang when current.Pending?.Kind != PendingRequestKind.Hang =>
                NotAllowed(Text.Of("没有待审批的挂账申请。", "No hang request is pending.")),

            // One revisit per closure: only a disputed one (which reopened the case) leaves room for
            // another after the case is closed again.
            CommandKind.Revisit when current.Revisit is { Disputed: false } =>
                NotAllowed(Text.Of("该事件已回访。", "The case has already been revisited.")),
            _ when SupervisionRules.NotNow(current, command, actor) is { } notNow => NotAllowed(notNow),
            CommandKind.Merge when current.MergedReports.Count > 0 =>
                NotAllowed(Text.Of(
                    $"已有 {current.MergedReports.Count} 份报告合并到本事件：请先撤销那些合并，再把它们分别合并到原事件。",
                    $"{current.MergedReports.Count} report(s) are merged into this case: undo those merges first, then merge each into the original.")),
            CommandKind.Unmerge when current.MergedInto is null =>
                NotAllowed(Text.Of("该事件没有被合并，无需撤销。", "The case is not merged into another: there is nothing to undo.")),
            not CommandKind.Unmerge when current.MergedInto is { } original =>
                NotAllowed(Text.Of(
                    $"该事件已合并到事件 {original}，请在原事件上办理，或先撤销合并。",
                    $"The case is merged into case {original}: act on that case, or undo the merge first.")),
            _ => null,
        };
    }

    private static IReadOnlyDictionary<string, LocalizedText[]> Validate(IncidentRecord current, IncidentCommand command, DateTimeOffset now, ILifecycleContext context)
    {
        var errors = new Errors();
        if (command.GetType() != ShapeOf(command.Kind))
        {
            errors.Add("command", Text.Of(
                $"“{IncidentLabels.Of(command.Kind).ZhCn}”的请求格式不对。",
                $"{command.Kind} is carried by {ShapeOf(command.Kind).Name}, not {command.GetType().Name}."));
            return errors.ToDictionary();
        }

        errors.TextField("reason", Text.Of("理由", "reason"), command.Reason, IncidentLimits.ReasonLength, required: NeedsReason(current, command, context));
        errors.Attachments(command.Attachments);
        switch (command)
        {
            case StepCommand { Step: CommandKind.Handle } when command.Attachments.Count == 0:
                errors.Add("attachments", Text.Of("处置反馈需要附处置后的照片。", "Reporting the handling needs an 'after' photo."));
                break;
            case DispatchIncident { UnitId: { } unitId } when !context.IsKnownUnit(unitId):
                errors.Add("unitId", Text.Of($"“{unitId}”不是已登记的处置单位。", $"'{unitId}' is not a known unit."));
                break;
            case DispatchIncident { UnitId: null } when LeadUnit(current, context) is null:
                errors.Add("unitId", Text.Of("权责清单没有为该事件指定主办单位，请选择一个单位。", "The power list names no lead unit for this case: choose one."));
                break;
            case RequestExtension { Extension: var extension }
                when extension is null || extension.Value is < 1 or > IncidentLimits.ExtensionValueMax || !Enum.IsDefined(extension.Unit):
                errors.Add("extension", Text.Of(
                    $"延期须填写 1 到 {IncidentLimits.ExtensionValueMax} 之间的时长和时限单位。",
                    $"An extension needs a value from 1 to {IncidentLimits.ExtensionValueMax} and a time limit unit."));
                break;
            case CloseIncident { Closure: var closure } when !Enum.IsDefined(closure):
                errors.Add("closure", Text.Of($"“{closure}”不是结案类型。", $"'{closure}' is not a closure kind."));
                break;
            case MergeIncident merge when MergeTargetProblem(current, merge) is { } problem:
                errors.Add("intoIncidentId", problem);
                break;
            case FlagDuplicate { CandidateIds: var candidates }
                when candidates is null || candidates.Count is 0 or > IncidentLimits.DuplicateCandidates || candidates.Contains(current.Id):
                errors.Add("candidateIds", Text.Of(
                    $"疑似重复须列出 1 到 {IncidentLimits.DuplicateCandidates} 个其他事件。",
                    $"A duplicate flag names 1 to {IncidentLimits.DuplicateCandidates} other cases."));
                break;
            case RevisitIncident { Satisfaction: var satisfaction } when !Enum.IsDefined(satisfaction):
                errors.Add("satisfaction", Text.Of($"“{satisfaction}”不是满意度。", $"'{satisfaction}' is not a satisfaction rating."));
                break;
            case RevisitIncident { Disputed: true } when current.AssignedUnitId is null:
                errors.Add("disputed", Text.Of("该事件由网格员自行处理，没有处置单位可返工，请重新上报。", "The case was self-handled: no unit can rework it; report it anew."));
                break;
            case RevisitIncident { Disputed: true, Satisfaction: not Satisfaction.Dissatisfied }:
                errors.Add("disputed", Text.Of("对结案有异议时满意度须为“不满意”。", "A disputed closure must be rated dissatisfied."));
                break;
        }

        if (command is DispatchIncident { TeamId: { } teamId } dispatch && TeamProblem(current, dispatch, teamId, context) is { } teamProblem)
        {
            errors.Add("teamId", teamProblem);
        }

        foreach (var (field, message) in SupervisionRules.Problems(current, command, now, context))
        {
            errors.Add(field, message);
        }

        return errors.ToDictionary();
    }

    /// <summary>
    /// Why the named team cannot take the case: it must be a field team of the unit the case goes
    /// to (the grain ranked that unit's teams into the command), and not out of service. Null when
    /// it can, and when the unit itself is wrong (that is said under <c>unitId</c>).
    /// </summary>
    private static LocalizedText? TeamProblem(IncidentRecord current, DispatchIncident dispatch, string teamId, ILifecycleContext context)
    {
        if (DispatchUnit(current, dispatch, context) is not { } unit || !context.IsKnownUnit(unit))
        {
            return null;
        }

        if (dispatch.Ranking is not { } ranking || ranking.UnitId != unit || ranking.Find(teamId) is not { } team)
        {
            return Text.Of($"“{teamId}”不是单位 {unit} 的外勤队伍。", $"'{teamId}' is not a field team of unit {unit}.");
        }

        return team.Selectable
            ? null
            : Text.Of($"{team.Name.ZhCn}暂停服务，不能派遣。", $"{team.Name.En} is out of service and cannot be dispatched.");
    }

    /// <summary>
    /// Why the report cannot be merged into the named original: the original must exist, be
    /// another case, still open, not itself merged (merge into its original instead), and of the
    /// same category family (大类). Null when it can.
    /// </summary>
    private static LocalizedText? MergeTargetProblem(IncidentRecord current, MergeIncident merge)
    {
        var into = merge.IntoIncidentId?.Trim();
        if (string.IsNullOrEmpty(into))
        {
            return Text.Of("须指明合并到哪个事件。", "Name the case to merge into.");
        }

        if (into == current.Id)
        {
            return Text.Of("事件不能合并到它自己。", "A case cannot be merged into itself.");
        }

        return merge.Target switch
        {
            null => Text.Of($"没有编号为 {into} 的事件。", $"No case {into} has been reported."),
            { MergedInto: { } original } => Text.Of(
                $"事件 {into} 已合并到事件 {original}，请合并到 {original}。",
                $"Case {into} is itself merged into case {original}: merge into {original} instead."),
            { State: var state } when !state.IsOpen() => Text.Of(
                $"事件 {into} 处于“{IncidentLabels.Of(state).ZhCn}”状态，已不再办理，不能合并到它。",
                $"Case {into} is {state} and no longer open: nothing can be merged into it."),
            { CategoryCode: var category } when category != current.Report.CategoryCode => Text.Of(
                $"事件 {into} 属于大类 {category}，本事件属于 {current.Report.CategoryCode}：只能合并同一大类的事件。",
                $"Case {into} is of category {category}, this one of {current.Report.CategoryCode}: only cases of one category family merge."),
            _ => null,
        };
    }

    /// <summary>
    /// The original's side of a merge or its undo: the event that attaches (or detaches) the
    /// duplicate's reporter, or null when that is already so (the notice is idempotent by the
    /// duplicate's id, so the duplicate's grain may tell the original again after a failure).
    /// The original's state does not matter: a closed case still keeps who reported it.
    /// </summary>
    public static Decision? DecideMergedReport(IncidentRecord? original, MergedReportNotice notice, DateTimeOffset now, ILifecycleContext context)
    {
        if (original is null)
        {
            return new Refused(RefusalKind.NotFound, Text.Of("没有以此编号上报的事件。", "No case with this id has been reported."), Empty, []);
        }

        var attached = original.MergedReports.Any(report => report.IncidentId == notice.DuplicateIncidentId);
        if (attached == notice.Attach)
        {
            return null;
        }

        return new Accepted(new IncidentEvent(
            original.Version + 1,
            notice.Attach ? CommandKind.Merge : CommandKind.Unmerge,
            original.State,
            original.State,
            notice.By.UserId,
            notice.By.Role,
            notice.By.UnitId,
            now,
            Normalize(notice.Reason),
            [],
            new MergedReportFacts(notice.DuplicateIncidentId, notice.ReporterUserId),
            context.FindSubcategory(original.Report.SubcategoryCode)?.LegalBasis));
    }

    /// <summary>The command record that carries each kind; anything else is a programming error at the edge.</summary>
    private static Type ShapeOf(CommandKind kind) => kind switch
    {
        CommandKind.Report => typeof(ReportIncident),
        CommandKind.Verify or CommandKind.Check or CommandKind.DecideReturn or CommandKind.DecideExtension or CommandKind.DecideHang
            => typeof(VerdictCommand),
        CommandKind.Dispatch => typeof(DispatchIncident),
        CommandKind.RequestExtension => typeof(RequestExtension),
        CommandKind.Close => typeof(CloseIncident),
        CommandKind.IssueSupervision => typeof(IssueSupervision),
        CommandKind.ReplySupervision => typeof(ReplySupervision),
        CommandKind.Summon => typeof(SummonUnits),
        CommandKind.AcknowledgeSummons => typeof(AcknowledgeSummons),
        CommandKind.FlagDuplicate => typeof(FlagDuplicate),
        CommandKind.Merge => typeof(MergeIncident),
        CommandKind.Revisit => typeof(RevisitIncident),
        _ => typeof(StepCommand),
    };

    /// <summary>The unit a dispatch sends the case to: the one it names, else the power list's lead unit (null when there is none).</summary>
    public static string? DispatchUnit(IncidentRecord current, DispatchIncident dispatch, ILifecycleContext context) =>
        dispatch.UnitId ?? LeadUnit(current, context);

    /// <summary>The power list's choice (权责清单): (grid × subcategory) → lead unit.</summary>
    public static string? LeadUnit(IncidentRecord current, ILifecycleContext context) =>
        context.FindSubcategory(current.Report.SubcategoryCode) is { } subcategory
            ? context.LeadUnitFor(subcategory, current.GridCode)
            : null;

    /// <summary>
    /// Steps that refuse, undo or deviate must say why, so the record stands up to supervision:
    /// rejecting, voiding, returning, asking for time or a hang, failing a check, refusing a
    /// request, overriding the power list, any closure that is not normal, summoning departments and a disputed closure.
    /// </summary>
    private static bool NeedsReason(IncidentRecord current, IncidentCommand command, ILifecycleContext context) => command switch
    {
        StepCommand { Step: CommandKind.Reject or CommandKind.Void or CommandKind.RequestReturn or CommandKind.RequestHang or CommandKind.Unmerge } => true,
        RequestExtension => true,
        VerdictCommand { Step: CommandKind.Check or CommandKind.Verify, Affirmed: false } => true,
        VerdictCommand { Step: CommandKind.DecideReturn or CommandKind.DecideExtension or CommandKind.DecideHang, Affirmed: false } => true,
        DispatchIncident { UnitId: { } unitId } => unitId != LeadUnit(current, context),
        CloseIncident { Closure: not ClosureKind.Normal } => true,
        SummonUnits => true,
        RevisitIncident { Disputed: true } => true,
        _ => false,
    };

    private static (IncidentState To, EventFacts? Facts) Outcome(IncidentRecord current, IncidentCommand command, ILifecycleContext context)
    {
        switch (command)
        {
            case DispatchIncident dispatch:
                // Validation guarantees a unit: the dispatcher's choice or the power list's lead.
                var lead = LeadUnit(current, context);
                var unit = dispatch.UnitId ?? lead!;
                var team = dispatch.TeamId is { } teamId ? dispatch.Ranking?.Find(teamId) : null;
                return (IncidentState.Dispatched, new DispatchedFacts(unit, lead ?? unit, team?.TeamId, team?.Rank));
            case RequestExtension extension:
                return (current.State, new ExtensionRequestedFacts(extension.Extension));
            case CloseIncident close:
                return (IncidentState.Closed, new ClosedFacts(close.Closure));
            case IssueSupervision or ReplySupervision or SummonUnits or AcknowledgeSummons:
                return (current.State, SupervisionRules.Facts(command, current.Version + 1));
            case FlagDuplicate flag:
                return (current.State, new DuplicateFlaggedFacts(flag.CandidateIds));
            case MergeIncident merge:
                return (current.State, new MergeFacts(merge.Target!.IncidentId));
            case StepCommand { Step: CommandKind.Unmerge }:
                return (current.State, new MergeFacts(current.MergedInto!));
            case RevisitIncident revisit:
                // A disputed closure goes back to the unit that handled it (rework, 返工).
                return (revisit.Disputed ? IncidentState.Dispatched : IncidentState.Closed, new RevisitedFacts(revisit.Satisfaction, revisit.Disputed));
            case VerdictCommand verdict:
                return (VerdictTarget(current, verdict.Step, verdict.Affirmed), new VerdictFacts(verdict.Affirmed));
            default:
                return (StepTarget(current, command.Kind), null);
        }
    }

    private static IncidentState VerdictTarget(IncidentRecord current, CommandKind step, bool affirmed) => step switch
    {
        CommandKind.Verify => affirmed ? IncidentState.Reported : IncidentState.Rejected,
        CommandKind.Check => affirmed ? IncidentState.PendingClose : IncidentState.Dispatched,
        CommandKind.DecideReturn => affirmed ? IncidentState.Registered : current.State,
        CommandKind.DecideHang => affirmed ? IncidentState.Hung : current.State,
        _ => current.State,
    };

    private static IncidentState StepTarget(IncidentRecord current, CommandKind step) => step switch
    {
        CommandKind.RequestVerification => IncidentState.Verifying,
        CommandKind.SelfHandle => IncidentState.SelfHandled,
        CommandKind.Forward => IncidentState.PendingRegistration,
        CommandKind.Reject => IncidentState.Rejected,
        CommandKind.Register => IncidentState.Registered,
        CommandKind.Void => IncidentState.Voided,
        CommandKind.Sign => IncidentState.InProgress,
        CommandKind.Resume => IncidentState.InProgress,
        CommandKind.Handle => IncidentState.Handled,
        CommandKind.SendCheck => IncidentState.Checking,
        _ => current.State,
    };

    private static Refused NotAllowed(LocalizedText message) => new(RefusalKind.NotAllowed, message, Empty, []);

    private static Refused Forbidden(LocalizedText message) => new(RefusalKind.Forbidden, message, Empty, []);

    private static string? Normalize(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>Trimmed, with empty optional fields dropped, so a retry compares equal and nothing blank is stored.</summary>
    public static PersonalInformation? Normalize(PersonalInformation? personal)
    {
        var reporter = personal?.Reporter is { } r ? new ContactDetails(r.Name.Trim(), Normalize(r.Phone)) : null;
        var subject = personal?.Subject is { } s
            ? new PersonDetails(s.Name.Trim(), Normalize(s.IdNumber)?.ToUpperInvariant(), Normalize(s.Details))
            : null;
        return reporter is null && subject is null ? null : new PersonalInformation(reporter, subject);
    }

    private static readonly IReadOnlyDictionary<string, LocalizedText[]> Empty = Refused.NoFieldErrors;

    /// <summary>Field errors collected in the order they are found, keyed by the API's field name.</summary>
    private sealed class Errors
    {
        private readonly Dictionary<string, List<LocalizedText>> _byField = [];

        public int Count => _byField.Count;

        public void Add(string field, LocalizedText message)
        {
            if (!_byField.TryGetValue(field, out var messages))
            {
                _byField[field] = messages = [];
            }

            messages.Add(message);
        }

        public void TextField(string field, LocalizedText label, string? value, int maxLength, bool required)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                if (required)
                {
                    Add(field, Text.Of($"{label.ZhCn}为必填项。", $"{label.En} is required."));
                }
            }
            else if (value.Length > maxLength)
            {
                Add(field, Text.Of($"{label.ZhCn}有 {value.Length} 个字，最多允许 {maxLength} 个。", $"The {label.En} is {value.Length} characters long; at most {maxLength} are allowed."));
            }
        }

        public void Attachments(IReadOnlyList<string>? attachments)
        {
            if (attachments is null)
            {
                return;
            }

            if (attachments.Count > IncidentLimits.AttachmentCount)
            {
                Add("attachments", Text.Of($"附件最多 {IncidentLimits.AttachmentCount} 个。", $"At most {IncidentLimits.AttachmentCount} attachments are allowed."));
            }

            if (attachments.Any(a => string.IsNullOrWhiteSpace(a) || a.Length > IncidentLimits.AttachmentReferenceLength))
            {
                Add("attachments", Text.Of($"每个附件引用须为 1 到 {IncidentLimits.AttachmentReferenceLength} 个字符。", $"Each attachment reference must be 1 to {IncidentLimits.AttachmentReferenceLength} characters."));
            }
        }

        public IReadOnlyDictionary<string, LocalizedText[]> ToDictionary() =>
            _byField.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray());
    }
}
