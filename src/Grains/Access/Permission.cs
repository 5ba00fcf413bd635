namespace RuleOfLaw.Grains.Access;

/// <summary>
/// Every door of the system besides the steps of the closed loop, reporting included (those are
/// doors too, one per <see cref="Incidents.CommandKind"/>, with roles from <see cref="Incidents.TransitionTable"/>).
/// Endpoints, hub methods and grains name the door they guard; <see cref="AccessPolicy"/> says
/// who may pass it and how far their reach goes.
/// </summary>
public enum Permission
{
    /// <summary>A case's record and history, over HTTP or as a live subscription.</summary>
    ReadIncident,

    /// <summary>A case's audit chain and accountability packet (督查问责).</summary>
    ReadAudit,

    /// <summary>An area's cases and counters, over HTTP or as a live subscription.</summary>
    ReadArea,

    /// <summary>Area geometry and point resolution: administrative boundaries, not personal data.</summary>
    ReadMap,

    /// <summary>The catalogue, units and labels: reference data everyone needs to fill a form.</summary>
    ReadReference,

    /// <summary>A unit's work queue, over HTTP or as a live subscription.</summary>
    ReadUnitQueue,

    /// <summary>Send one's own position from the field (a grid worker), or one's field team's.</summary>
    SendPositions,

    /// <summary>Where grid workers and field teams are now: the live positions of an area.</summary>
    ReadPositions,

    /// <summary>A person's or team's track over a time window (轨迹回放); every read is recorded.</summary>
    ReadTracks,

    /// <summary>
    /// Restricted fields of a case: the people in it (a petitioner's identity, a special-population
    /// member's details) and a sensitive case's exact location. Every read is recorded.
    /// </summary>
    ReadRestricted,

    /// <summary>One's own session: who am I, sign out.</summary>
    OwnSession,

    /// <summary>Create, disable, re-scope users and reset their passwords.</summary>
    ManageUsers,

    /// <summary>Replace the work calendar (working periods, holidays, swapped working days).</summary>
    ManageCalendar,

    /// <summary>Node diagnostics and reminder probes.</summary>
    RunDiagnostics,

    /// <summary>One's own supervision queue: the orders one has issued and where each stands.</summary>
    ReadSupervision,

    /// <summary>Upload a photo (before, after, check) and read back one's own upload.</summary>
    UploadPhotos,

    /// <summary>Change a field team's status: its members and the handlers of the unit it belongs to.</summary>
    ChangeTeamStatus,

    /// <summary>An area's assessment (any level, grid included) and the rankings of streets and units, over HTTP or live.</summary>
    ReadAreaAssessment,

    /// <summary>A unit's assessment with its composite score and grade, over HTTP or live.</summary>
    ReadUnitAssessment,

    /// <summary>A person's assessment (the cases they reported), over HTTP or live.</summary>
    ReadPersonAssessment,
}
