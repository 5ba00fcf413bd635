namespace RuleOfLaw.Grains.Incidents;

/// <summary>The states of the closed loop (domain.md §3).</summary>
public enum IncidentState
{
    /// <summary>已上报</summary>
    Reported,

    /// <summary>核实中: a grid worker is confirming a non-patrol report on site.</summary>
    Verifying,

    /// <summary>自处理: the grid worker fixed a minor matter on the spot.</summary>
    SelfHandled,

    /// <summary>待立案</summary>
    PendingRegistration,

    /// <summary>已立案</summary>
    Registered,

    /// <summary>已派遣: the handling clock runs from here.</summary>
    Dispatched,

    /// <summary>处置中</summary>
    InProgress,

    /// <summary>挂账: handling impossible for now; excluded from on-time statistics.</summary>
    Hung,

    /// <summary>已处置</summary>
    Handled,

    /// <summary>核查中</summary>
    Checking,

    /// <summary>待结案</summary>
    PendingClose,

    /// <summary>已结案</summary>
    Closed,

    /// <summary>不予受理</summary>
    Rejected,

    /// <summary>作废</summary>
    Voided,
}

/// <summary>How a case was closed (结案类型).</summary>
public enum ClosureKind
{
    Normal,
    Overdue,
    Special,
    Erroneous,
}

/// <summary>What the reporter said when the case was revisited (回访满意度).</summary>
public enum Satisfaction
{
    /// <summary>满意</summary>
    Satisfied,

    /// <summary>基本满意</summary>
    BasicallySatisfied,

    /// <summary>不满意</summary>
    Dissatisfied,
}

/// <summary>Where a case came from (案件来源).</summary>
public enum IncidentSource
{
    /// <summary>A grid worker's patrol (巡查上报).</summary>
    Patrol,
    Hotline,
    Public,
    Video,
    Leader,
    Media,
    Petition,
}

public static class IncidentStates
{
    /// <summary>Closed, rejected and voided cases leave the grid's open list.</summary>
    public static bool IsOpen(this IncidentState state) =>
        state is not (IncidentState.Closed or IncidentState.Rejected or IncidentState.Voided);
}
