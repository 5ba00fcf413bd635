using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Incidents;
using static RuleOfLaw.Grains.Access.Reach;
using static RuleOfLaw.Grains.Actors.Role;

namespace RuleOfLaw.Grains.Access;

/// <summary>Who may pass one door, and how far each role reaches through it.</summary>
public sealed record AccessRule(Door Door, IReadOnlyDictionary<Role, Reach> Reach)
{
    public bool Admits(Role role) => Reach.ContainsKey(role);
}

/// <summary>
/// The one policy table (domain.md §3 and §7): every endpoint, hub method, subscription and grain
/// command asks it, and the authorization matrix test is generated from it. Steps of the closed
/// loop take their roles from <see cref="TransitionTable"/>, so a role added to a step there is
/// admitted here too; a unit handler reaches only the cases dispatched to their unit, everyone
/// else their area.
/// </summary>
public static class AccessPolicy
{
    private static readonly Role[] CommandCentre = [Intake, ShiftLeader, Dispatcher];

    public static IReadOnlyList<AccessRule> Rules { get; } = BuildRules();

    private static readonly Dictionary<Door, AccessRule> _byDoor = Rules.ToDictionary(rule => rule.Door);

    public static AccessRule For(Door door) => _byDoor[door];

    public static AccessRule For(Permission permission) => For(Door.Of(permission));

    /// <summary>Whether the role may pass the door at all, before any target is known.</summary>
    public static bool Admits(Role role, Door door) => For(door).Admits(role);

    /// <summary>Null when <paramref name="actor"/> may pass <paramref name="door"/> onto <paramref name="target"/>; else why not.</summary>
    public static LocalizedText? Refusal(Actor actor, Door door, AccessTarget target)
    {
        var rule = For(door);
        if (!rule.Reach.TryGetValue(actor.Role, out var reach))
        {
            return RoleRefusal(actor.Role, rule);
        }

        if (Reaches(reach, actor, target))
        {
            return null;
        }

        return reach switch
        {
            Jurisdiction => Text.Of(
                $"{target.Area} 不在您的辖区（{actor.AreaScope}）内。",
                $"{target.Area} is outside your jurisdiction ({actor.AreaScope})."),
            Self => Text.Of("您只能查看本人的数据。", "You may only read your own records."),
            _ when target.Area is { IsGrid: true } => Text.Of(
                $"该事件派给了 {target.UnitId ?? "（尚未派遣）"}，不是 {actor.UnitId ?? "（无单位）"}。",
                $"The case is assigned to unit {target.UnitId ?? "(none yet)"}, not to {actor.UnitId ?? "no unit"}."),
            _ => Text.Of(
                $"您只能访问本单位（{actor.UnitId ?? "无"}）的数据。",
                $"You may only reach your own unit ({actor.UnitId ?? "none"})."),
        };
    }

    /// <summary>The same decision as <see cref="Refusal"/>, without wording a refusal (asked per step for every answer's allowed list).</summary>
    public static bool Allows(Actor actor, Door door, AccessTarget target) =>
        For(door).Reach.TryGetValue(actor.Role, out var reach) && Reaches(reach, actor, target);

    private static bool Reaches(Reach reach, Actor actor, AccessTarget target) => reach switch
    {
        Anywhere => true,
        Jurisdiction => target.Area is not { } area || actor.HasJurisdictionOver(area),
        OwnUnit => actor.UnitId is not null && target.UnitId == actor.UnitId,
        Self => target.UserId is not null && target.UserId == actor.UserId,
        _ => false,
    };

    public static bool Allows(Actor actor, Permission permission, AccessTarget target) => Allows(actor, Door.Of(permission), target);

    private static LocalizedText RoleRefusal(Role role, AccessRule rule)
    {
        var admitted = IncidentLabels.Of(rule.Reach.Keys.ToList());
        var name = IncidentLabels.Of(role);
        return rule.Door.Step is { } step
            ? Text.Of(
                $"{name.ZhCn}不能“{IncidentLabels.Of(step).ZhCn}”（可由{admitted.ZhCn}办理）。",
                $"The role {role} may not {step} (allowed: {admitted.En}).")
            : Text.Of(
                $"{name.ZhCn}无权{rule.Door.Label.ZhCn}（限{admitted.ZhCn}）。",
                $"The role {role} may not {rule.Door.Label.En} (allowed: {admitted.En}).");
    }

    private static List<AccessRule> BuildRules()
    {
        var everyone = Roles.People;
        List<AccessRule> rules =
        [
            Rule(Permission.ReadIncident, Reaching(Jurisdiction, [GridWorker, .. CommandCentre, Leader]), (UnitHandler, OwnUnit)),
            Rule(Permission.ReadAudit, Reaching(Jurisdiction, [ShiftLeader, Leader])),
            Rule(Permission.ReadArea, Reaching(Jurisdiction, [GridWorker, .. CommandCentre, Leader])),
            Rule(Permission.ReadMap, Reaching(Anywhere, everyone)),
            Rule(Permission.ReadReference, Reaching(Anywhere, everyone)),
            Rule(Permission.ReadUnitQueue, Reaching(Jurisdiction, [ShiftLeader, Dispatcher, Leader]), (UnitHandler, OwnUnit)),
            // A grid worker sends their own position; a member of a field team their team's.
            Rule(Permission.SendPositions, Reaching(Anywhere, [GridWorker]), (UnitHandler, OwnUnit)),

            // Location is personal information: those who dispatch and lead see where people are;
            // tracks also to the person themself, and every read of a track is recorded.
            Rule(Permission.ReadPositions, Reaching(Jurisdiction, [ShiftLeader, Dispatcher, Leader])),
            Rule(Permission.ReadTracks, Reaching(Jurisdiction, [ShiftLeader, Dispatcher, Leader]), (GridWorker, Self)),
            // Those who act on the case meet its people; leaders supervise numbers and see blurred maps.
            Rule(Permission.ReadRestricted, Reaching(Jurisdiction, [GridWorker, .. CommandCentre]), (UnitHandler, OwnUnit)),
            Rule(Permission.OwnSession, Reaching(Anywhere, everyone)),
            Rule(Permission.ManageUsers, Reaching(Jurisdiction, [Administrator])),
            Rule(Permission.ManageCalendar, Reaching(Anywhere, [Administrator])),
            Rule(Permission.RunDiagnostics, Reaching(Anywhere, [Administrator])),
            Rule(Permission.ReadSupervision, Reaching(Anywhere, [Leader])),

            // Those who take steps with photos: reports, handling, checks. A photo is read through its case.
            Rule(Permission.UploadPhotos, Reaching(Anywhere, [GridWorker, .. CommandCentre, UnitHandler])),
            Rule(Permission.ChangeTeamStatus, Reaching(OwnUnit, [UnitHandler])),

            // Leaders and the command centre judge their jurisdiction; a unit reads its own figures,
            // a grid worker their own (the cases they reported).
            Rule(Permission.ReadAreaAssessment, Reaching(Jurisdiction, [.. CommandCentre, Leader])),
            Rule(Permission.ReadUnitAssessment, Reaching(Jurisdiction, [.. CommandCentre, Leader]), (UnitHandler, OwnUnit)),
            Rule(Permission.ReadPersonAssessment, Reaching(Jurisdiction, [.. CommandCentre, Leader]), (GridWorker, Self)),
            new(Door.OfStep(CommandKind.Report), Reaching(Jurisdiction, TransitionTable.ReportingRoles)),
        ];
        rules.AddRange(TransitionTable.Rules.Select(step => new AccessRule(
            Door.OfStep(step.Command),
            step.Roles.ToDictionary(role => role, ReachOfStep))));
        return rules;
    }

    /// <summary>
    /// A unit handler acts on the cases of their unit, a person on those of their area, and the
    /// platform on every case: its steps follow from the case, not from anyone's scope.
    /// </summary>
    private static Reach ReachOfStep(Role role) => role switch
    {
        UnitHandler => OwnUnit,
        Role.System => Anywhere,
        _ => Jurisdiction,
    };

    private static AccessRule Rule(Permission permission, Dictionary<Role, Reach> reach, params (Role Role, Reach Reach)[] more)
    {
        foreach (var (role, value) in more)
        {
            reach.Add(role, value);
        }

        return new AccessRule(Door.Of(permission), reach);
    }

    private static Dictionary<Role, Reach> Reaching(Reach reach, IEnumerable<Role> roles) => roles.ToDictionary(role => role, _ => reach);
}
