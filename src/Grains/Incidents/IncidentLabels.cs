using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Clocks;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Supervision;

namespace RuleOfLaw.Grains.Incidents;

/// <summary>
/// The names people read for states, steps, roles, sources and closures, in zh-CN and en; used in
/// messages and served to clients so every screen says the same words.
/// </summary>
public static class IncidentLabels
{
    public static LocalizedText Of(IncidentState state) => state switch
    {
        IncidentState.Reported => Text.Of("已上报", "Reported"),
        IncidentState.Verifying => Text.Of("核实中", "Verifying"),
        IncidentState.SelfHandled => Text.Of("自处理", "Self-handled"),
        IncidentState.PendingRegistration => Text.Of("待立案", "Pending registration"),
        IncidentState.Registered => Text.Of("已立案", "Registered"),
        IncidentState.Dispatched => Text.Of("已派遣", "Dispatched"),
        IncidentState.InProgress => Text.Of("处置中", "In progress"),
        IncidentState.Hung => Text.Of("挂账", "Hung"),
        IncidentState.Handled => Text.Of("已处置", "Handled"),
        IncidentState.Checking => Text.Of("核查中", "Checking"),
        IncidentState.PendingClose => Text.Of("待结案", "Pending close"),
        IncidentState.Closed => Text.Of("已结案", "Closed"),
        IncidentState.Rejected => Text.Of("不予受理", "Rejected"),
        IncidentState.Voided => Text.Of("作废", "Voided"),
        _ => Text.Of(state.ToString(), state.ToString()),
    };

    public static LocalizedText Of(CommandKind command) => command switch
    {
        CommandKind.Report => Text.Of("上报", "Report"),
        CommandKind.RequestVerification => Text.Of("派发核实", "Request verification"),
        CommandKind.Verify => Text.Of("核实", "Verify"),
        CommandKind.SelfHandle => Text.Of("自行处理", "Self-handle"),
        CommandKind.Forward => Text.Of("转值班长", "Forward"),
        CommandKind.Reject => Text.Of("不予受理", "Reject"),
        CommandKind.Register => Text.Of("立案", "Register"),
        CommandKind.Void => Text.Of("作废", "Void"),
        CommandKind.Dispatch => Text.Of("派遣", "Dispatch"),
        CommandKind.Sign => Text.Of("签收", "Sign"),
        CommandKind.RequestReturn => Text.Of("申请退回", "Request return"),
        CommandKind.DecideReturn => Text.Of("审批退回", "Decide return"),
        CommandKind.RequestExtension => Text.Of("申请延期", "Request extension"),
        CommandKind.DecideExtension => Text.Of("审批延期", "Decide extension"),
        CommandKind.RequestHang => Text.Of("申请挂账", "Request hang"),
        CommandKind.DecideHang => Text.Of("审批挂账", "Decide hang"),
        CommandKind.Resume => Text.Of("恢复处置", "Resume"),
        CommandKind.Handle => Text.Of("处置反馈", "Report handling"),
        CommandKind.SendCheck => Text.Of("派发核查", "Send check"),
        CommandKind.Check => Text.Of("核查", "Check"),
        CommandKind.Close => Text.Of("结案", "Close"),
        CommandKind.ClockTurned => Text.Of("时限变色", "Clock changed colour"),
        CommandKind.Escalate => Text.Of("超时升级", "Escalated"),
        CommandKind.IssueSupervision => Text.Of("督办", "Issue supervision order"),
        CommandKind.ReplySupervision => Text.Of("督办回复", "Reply to supervision"),
        CommandKind.Summon => Text.Of("吹哨", "Summon departments"),
        CommandKind.AcknowledgeSummons => Text.Of("报到", "Acknowledge summons"),
        CommandKind.FlagDuplicate => Text.Of("标记疑似重复", "Flag as likely duplicate"),
        CommandKind.Merge => Text.Of("合并", "Merge"),
        CommandKind.Unmerge => Text.Of("撤销合并", "Undo merge"),
        CommandKind.Revisit => Text.Of("回访", "Revisit"),
        _ => Text.Of(command.ToString(), command.ToString()),
    };

    public static LocalizedText Of(Role role) => role switch
    {
        Role.GridWorker => Text.Of("网格员", "Grid worker"),
        Role.Intake => Text.Of("受理员", "Intake"),
        Role.ShiftLeader => Text.Of("值班长", "Shift leader"),
        Role.Dispatcher => Text.Of("派遣员", "Dispatcher"),
        Role.UnitHandler => Text.Of("专业部门", "Unit handler"),
        Role.Leader => Text.Of("领导", "Leader"),
        Role.Administrator => Text.Of("管理员", "Administrator"),
        Role.System => Text.Of("系统", "System"),
        _ => Text.Of(role.ToString(), role.ToString()),
    };

    public static LocalizedText Of(IncidentSource source) => source switch
    {
        IncidentSource.Patrol => Text.Of("网格员巡查", "Patrol"),
        IncidentSource.Hotline => Text.Of("热线", "Hotline"),
        IncidentSource.Public => Text.Of("群众举报", "Public"),
        IncidentSource.Video => Text.Of("视频监控", "Video"),
        IncidentSource.Leader => Text.Of("领导交办", "Leader-assigned"),
        IncidentSource.Media => Text.Of("媒体曝光", "Media"),
        IncidentSource.Petition => Text.Of("信访", "Petition"),
        _ => Text.Of(source.ToString(), source.ToString()),
    };

    public static LocalizedText Of(ClosureKind closure) => closure switch
    {
        ClosureKind.Normal => Text.Of("正常结案", "Normal"),
        ClosureKind.Overdue => Text.Of("超期结案", "Overdue"),
        ClosureKind.Special => Text.Of("特殊结案", "Special"),
        ClosureKind.Erroneous => Text.Of("错误结案", "Erroneous"),
        _ => Text.Of(closure.ToString(), closure.ToString()),
    };

    public static LocalizedText Of(Satisfaction satisfaction) => satisfaction switch
    {
        Satisfaction.Satisfied => Text.Of("满意", "Satisfied"),
        Satisfaction.BasicallySatisfied => Text.Of("基本满意", "Basically satisfied"),
        Satisfaction.Dissatisfied => Text.Of("不满意", "Dissatisfied"),
        _ => Text.Of(satisfaction.ToString(), satisfaction.ToString()),
    };

    /// <summary>Where a supervision order (督办) or a summons (吹哨报到) stands in its queue.</summary>
    public static LocalizedText Of(ObligationStatus status) => status switch
    {
        ObligationStatus.Awaiting => Text.Of("待办", "Awaiting"),
        ObligationStatus.Overdue => Text.Of("已超期", "Overdue"),
        ObligationStatus.Done => Text.Of("按时完成", "Done on time"),
        ObligationStatus.DoneLate => Text.Of("逾期完成", "Done late"),
        ObligationStatus.EndedWithCase => Text.Of("随案终止", "Ended with the case"),
        _ => Text.Of(status.ToString(), status.ToString()),
    };

    public static LocalizedText Of(PendingRequestKind kind) => kind switch
    {
        PendingRequestKind.Return => Text.Of("退回", "return"),
        PendingRequestKind.Extension => Text.Of("延期", "extension"),
        PendingRequestKind.Hang => Text.Of("挂账", "hang"),
        _ => Text.Of(kind.ToString(), kind.ToString()),
    };

    public static LocalizedText Of(TimeLimitUnit unit) => unit switch
    {
        TimeLimitUnit.ContinuousHours => Text.Of("连续小时", "continuous hours"),
        TimeLimitUnit.WorkingHours => Text.Of("工作小时", "working hours"),
        TimeLimitUnit.WorkingDays => Text.Of("工作日", "working days"),
        TimeLimitUnit.NaturalDays => Text.Of("自然日", "calendar days"),
        _ => Text.Of(unit.ToString(), unit.ToString()),
    };

    public static LocalizedText Of(ClockKind clock) => clock switch
    {
        ClockKind.Register => Text.Of("立案", "registration"),
        ClockKind.Verify => Text.Of("核实", "verification"),
        ClockKind.Dispatch => Text.Of("派遣", "dispatch"),
        ClockKind.Handling => Text.Of("处置", "handling"),
        ClockKind.Check => Text.Of("核查", "check"),
        ClockKind.SupervisionReply => Text.Of("督办回复", "supervision reply"),
        ClockKind.SummonsAcknowledgement => Text.Of("吹哨报到", "summons acknowledgement"),
        _ => Text.Of(clock.ToString(), clock.ToString()),
    };

    public static LocalizedText Of(ClockColour colour) => colour switch
    {
        ClockColour.Green => Text.Of("绿灯", "green"),
        ClockColour.Yellow => Text.Of("黄灯", "yellow"),
        ClockColour.Red => Text.Of("红灯", "red"),
        _ => Text.Of(colour.ToString(), colour.ToString()),
    };

    /// <summary>A time limit as people say it, e.g. "4 工作小时" / "4 working hours".</summary>
    public static LocalizedText Of(TimeLimit limit)
    {
        var unit = Of(limit.Unit);
        return Text.Of($"{limit.Value} {unit.ZhCn}", $"{limit.Value} {unit.En}");
    }

    /// <summary>The outcome of a yes/no step in the words of that step: exists, passed, approved.</summary>
    public static LocalizedText Verdict(CommandKind step, bool affirmed) => (step, affirmed) switch
    {
        (CommandKind.Verify, true) => Text.Of("属实", "confirmed"),
        (CommandKind.Verify, false) => Text.Of("不属实", "not confirmed"),
        (CommandKind.Check, true) => Text.Of("核查通过", "check passed"),
        (CommandKind.Check, false) => Text.Of("核查未通过（返工）", "check failed (rework)"),
        (_, true) => Text.Of("批准", "approved"),
        (_, false) => Text.Of("不批准", "refused"),
    };

    /// <summary>Several roles as one phrase, e.g. "受理员、值班长" / "Intake, Shift leader".</summary>
    public static LocalizedText Of(IEnumerable<Role> roles)
    {
        var labels = roles.Select(Of).ToList();
        return Text.Of(string.Join("、", labels.Select(l => l.ZhCn)), string.Join(", ", labels.Select(l => l.En)));
    }
}
