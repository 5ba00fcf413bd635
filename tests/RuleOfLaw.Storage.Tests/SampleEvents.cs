using System.Text.Json.Nodes;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Incidents;

namespace RuleOfLaw.Storage.Tests;

/// <summary>Real incident events, as the lifecycle rule makes them, for tests of the audit chain in storage.</summary>
internal static class SampleEvents
{
    private static readonly LegalBasis Basis = new(
        new LocalizedText("《城市市容和环境卫生管理条例》", "Regulations on the Administration of City Appearance and Environmental Sanitation"),
        new LocalizedText("第二十八条", "Article 28"));

    /// <summary>Report, forward, register and dispatch of one case, a minute apart from <paramref name="start"/>.</summary>
    public static IReadOnlyList<IncidentEvent> History(DateTimeOffset start) =>
    [
        new(1, CommandKind.Report, null, IncidentState.Reported, "gw-1", Role.GridWorker, null, start, null, ["photo/before.jpg"],
            new ReportedFacts("CG", "CG03", "路边堆放生活垃圾约两立方米", 105.84, 32.43, "万缘路口", IncidentSource.Patrol, false,
                new GridPlacement("510802001001001", "interior", []), new TimeLimit(4, TimeLimitUnit.WorkingHours)),
            Basis),
        new(2, CommandKind.Forward, IncidentState.Reported, IncidentState.PendingRegistration, "intake-1", Role.Intake, null, start.AddMinutes(1), "转值班长立案", [], null, Basis),
        new(3, CommandKind.Register, IncidentState.PendingRegistration, IncidentState.Registered, "shift-1", Role.ShiftLeader, null, start.AddMinutes(2), null, [], null, Basis),
        new(4, CommandKind.Dispatch, IncidentState.Registered, IncidentState.Dispatched, "dispatcher-1", Role.Dispatcher, null, start.AddMinutes(3), null, [],
            new DispatchedFacts("law-enforcement", "law-enforcement"), Basis),
    ];

    /// <summary>The events as the grain stores them: each sealed after the one before.</summary>
    public static IReadOnlyList<StoredEvent> Sealed(string incidentId, IEnumerable<IncidentEvent> events)
    {
        var stored = new List<StoredEvent>();
        foreach (var e in events)
        {
            stored.Add(IncidentEventJson.ToStored(incidentId, e, stored.Count > 0 ? stored[^1].Hash : AuditChain.Genesis));
        }

        return stored;
    }

    /// <summary>The payload a build before the audit chain wrote: the same JSON without the legal basis, which it did not record.</summary>
    public static string Version1Payload(IncidentEvent e)
    {
        var json = JsonNode.Parse(IncidentEventJson.ToStored("any", e, AuditChain.Genesis).Payload)!.AsObject();
        json.Remove("legalBasis");
        return json.ToJsonString(IncidentEventJson.Options);
    }
}
