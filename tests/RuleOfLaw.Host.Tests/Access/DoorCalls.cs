using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using RuleOfLaw.Grains.Access;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.Host.Tests.Infrastructure;
using RuleOfLaw.Web.Incidents;

namespace RuleOfLaw.Host.Tests.Access;

/// <summary>How a call through a door ended, as far as the matrix cares.</summary>
public enum Passage
{
    Admitted,
    Forbidden,
}

/// <summary>
/// One way through one door: an endpoint or a hub method, called as <paramref name="Caller"/>
/// would call it. <paramref name="Prepare"/> makes the case the call needs (null: the shared one).
/// <paramref name="Targeted"/> false: the call names no case, area or unit (a list filtered to
/// the caller's jurisdiction), so a role the door admits passes it from any jurisdiction.
/// </summary>
public sealed record DoorCall(
    Door Door,
    string Name,
    Func<MatrixWorld, Role, string, CallerSession, Task<Passage>> Invoke,
    Func<MatrixWorld, Task<string>>? Prepare = null,
    bool Targeted = true);

/// <summary>
/// Every endpoint and hub method, filed under the door it guards. The matrix test checks that
/// every door of <see cref="AccessPolicy.Rules"/> has at least one call here, so a door added to
/// the table without a test fails, and the start-up check refuses an endpoint without a door.
/// </summary>
public static class DoorCalls
{
    /// <summary>
    /// The doors a person may pass. A door only the platform passes (its own steps, such as the
    /// duplicate flag) has no endpoint: no call can test it, and none may exist.
    /// </summary>
    public static IReadOnlyList<AccessRule> PeoplesDoors { get; } =
        [.. AccessPolicy.Rules.Where(rule => rule.Reach.Keys.Any(role => role.IsPerson()))];

    public static IReadOnlyList<DoorCall> All { get; } =
    [
        .. Steps(),
        Http(Permission.ReadIncident, "GET /api/incidents/{id}", (w, c) => w.Get(c, $"api/incidents/{w.SharedCase}")),
        Http(Permission.ReadIncident, "GET /api/incidents/{id}/history", (w, c) => w.Get(c, $"api/incidents/{w.SharedCase}/history")),
        Http(Permission.ReadIncident, "GET /api/incidents/{id}/duplicates", (w, c) => w.Get(c, $"api/incidents/{w.SharedCase}/duplicates")),
        // Read before dispatching, so through the dispatch step's door; the ranking answers for a case in any state.
        new DoorCall(
            Door.OfStep(CommandKind.Dispatch),
            "GET /api/incidents/{id}/team-recommendation",
            (w, _, id, caller) => w.Get(caller.Http, $"api/incidents/{id}/team-recommendation")),
        Hub(Permission.ReadIncident, "hub SubscribeIncident", (w, h) => h.InvokeAsync<object>("SubscribeIncident", w.SharedCase)),
        Http(Permission.ReadAudit, "GET /api/incidents/{id}/audit", (w, c) => w.Get(c, $"api/incidents/{w.SharedCase}/audit")),
        Http(Permission.ReadAudit, "GET /api/incidents/{id}/accountability", (w, c) => w.Get(c, $"api/incidents/{w.SharedCase}/accountability")),
        Http(Permission.ReadAudit, "GET /api/incidents/{id}/restricted-reads", (w, c) => w.Get(c, $"api/incidents/{w.SharedCase}/restricted-reads")),
        Http(Permission.ReadRestricted, "GET /api/incidents/{id}/restricted", (w, c) => w.Get(c, $"api/incidents/{w.SharedCase}/restricted")),
        Http(Permission.ReadArea, "GET /api/areas/{code}/incidents", (w, c) => w.Get(c, $"api/areas/{w.Grid}/incidents")),
        Http(Permission.ReadArea, "GET /api/areas/{code}/counters", (w, c) => w.Get(c, $"api/areas/{w.Grid}/counters")),
        Hub(Permission.ReadArea, "hub SubscribeArea", (w, h) => h.InvokeAsync<object>("SubscribeArea", w.Grid)),
        Http(Permission.ReadMap, "GET /api/areas", (w, c) => w.Get(c, "api/areas")),
        Http(Permission.ReadMap, "GET /api/areas/resolve", (w, c) => w.Get(c, $"api/areas/resolve?lon={w.Point.Longitude}&lat={w.Point.Latitude}")),
        Http(Permission.ReadMap, "GET /api/areas/{code}", (w, c) => w.Get(c, $"api/areas/{w.Grid}")),
        Http(Permission.ReadMap, "GET /api/areas/{code}/children", (w, c) => w.Get(c, $"api/areas/{DemoAreas.AccessStreet}/children")),
        Http(Permission.ReadMap, "GET /api/areas/{code}/grids", (w, c) => w.Get(c, $"api/areas/{DemoAreas.AccessStreet}/grids")),
        Http(Permission.ReadReference, "GET /api/catalogue", (w, c) => w.Get(c, "api/catalogue")),
        Http(Permission.ReadReference, "GET /api/catalogue/{code}", (w, c) => w.Get(c, "api/catalogue/CG03")),
        Http(Permission.ReadReference, "GET /api/labels", (w, c) => w.Get(c, "api/labels")),
        Http(Permission.ReadReference, "GET /api/calendar", (w, c) => w.Get(c, "api/calendar")),
        Http(Permission.ManageCalendar, "PUT /api/calendar", (w, c) => w.Put(c, "api/calendar", MatrixWorld.StandardCalendar), targeted: false),
        Http(Permission.ReadReference, "GET /api/units", (w, c) => w.Get(c, "api/units")),
        Http(Permission.ReadReference, "GET /api/units/{id}", (w, c) => w.Get(c, $"api/units/{MatrixWorld.Unit}")),
        Http(Permission.ReadUnitQueue, "GET /api/units/{id}/incidents", (w, c) => w.Get(c, $"api/units/{MatrixWorld.Unit}/incidents")),
        Hub(Permission.ReadUnitQueue, "hub SubscribeUnit", (w, h) => h.InvokeAsync<object>("SubscribeUnit", MatrixWorld.Unit)),
        Http(Permission.ReadArea, "GET /api/areas/{code}/escalations", (w, c) => w.Get(c, $"api/areas/{w.Grid}/escalations")),
        Http(Permission.ReadUnitQueue, "GET /api/units/{id}/escalations", (w, c) => w.Get(c, $"api/units/{MatrixWorld.Unit}/escalations")),
        Http(Permission.ReadUnitQueue, "GET /api/units/{id}/summonses", (w, c) => w.Get(c, $"api/units/{MatrixWorld.Unit}/summonses")),
        Http(Permission.ReadSupervision, "GET /api/supervision", (w, c) => w.Get(c, "api/supervision"), targeted: false),
        Http(Permission.ReadUnitQueue, "GET /api/units/{id}/teams", (w, c) => w.Get(c, $"api/units/{MatrixWorld.Unit}/teams")),
        Http(Permission.ReadUnitQueue, "GET /api/teams/{id}", (w, c) => w.Get(c, $"api/teams/{MatrixWorld.Team}")),
        Http(Permission.ChangeTeamStatus, "POST /api/teams/{id}/status", async (w, c) => await w.Post(c, $"api/teams/{MatrixWorld.Team}/status", new { status = await w.NextTeamStatus() })),
        Http(Permission.UploadPhotos, "PUT /api/photos/{id}", (w, c) => w.PutPhoto(c, Crew.NewId()), targeted: false),
        Http(Permission.UploadPhotos, "GET /api/photos/{id}", (w, c) => w.GetOwnPhoto(c), targeted: false),
        Http(Permission.ReadIncident, "GET /api/incidents/{id}/photos/{photoId}", async (w, c) => await w.Get(c, await w.AttachedPhoto())),
        // One's own position: there is no one else's to target.
        // One's own position: there is no one else's to target. A unit handler who has one is a
        // member of a field team (a department's handler has none to send: 422, not a refusal).
        Http(Permission.SendPositions, "POST /api/positions", (w, c) => w.Post(c, "api/positions", w.Position()), targeted: false, handlerInFieldTeam: true),
        Http(Permission.SendPositions, "POST /api/positions/batch", (w, c) => w.Post(c, "api/positions/batch", new { positions = new[] { w.Position(), w.Position() } }), targeted: false, handlerInFieldTeam: true),
        Hub(Permission.SendPositions, "hub UpdatePosition", (w, h) => h.InvokeAsync("UpdatePosition", w.Position()), targeted: false, handlerInFieldTeam: true),
        Hub(Permission.SendPositions, "hub UpdatePositions", (w, h) => h.InvokeAsync("UpdatePositions", new[] { w.Position(), w.Position() }), targeted: false, handlerInFieldTeam: true),
        Hub(Permission.ReadPositions, "hub SubscribeAreaPositions", (w, h) => h.InvokeAsync<object>("SubscribeAreaPositions", w.Grid)),
        Http(Permission.ReadTracks, "GET /api/positions/workers/{id}/track", (w, c) => w.Get(c, w.PersonsTrack)),
        Http(Permission.ReadAudit, "GET /api/positions/workers/{id}/track-reads", (w, c) => w.Get(c, $"api/positions/workers/{w.Person}/track-reads")),
        Http(Permission.ManageUsers, "GET /api/users", (w, c) => w.Get(c, "api/users"), targeted: false),
        Http(Permission.ManageUsers, "POST /api/users", (w, c) => w.Post(c, "api/users", new { login = MatrixWorld.NewLogin(), role = "GridWorker", area = w.Grid })),
        Http(Permission.ManageUsers, "GET /api/users/{login}", (w, c) => w.Get(c, $"api/users/{w.Account}")),
        Http(Permission.ManageUsers, "POST /api/users/{login}/disable", (w, c) => w.Post(c, $"api/users/{w.Account}/disable", null)),
        Http(Permission.ManageUsers, "POST /api/users/{login}/enable", (w, c) => w.Post(c, $"api/users/{w.Account}/enable", null)),
        Http(Permission.ManageUsers, "PUT /api/users/{login}/scope", (w, c) => w.Put(c, $"api/users/{w.Account}/scope", new { role = "GridWorker", area = w.Grid })),
        Http(Permission.ManageUsers, "POST /api/users/{login}/password", (w, c) => w.Post(c, $"api/users/{w.Account}/password", null)),
        Http(Permission.OwnSession, "GET /api/session", (w, c) => w.Get(c, "api/session"), targeted: false),
        Http(Permission.OwnSession, "GET /api/me/reports", (w, c) => w.Get(c, "api/me/reports"), targeted: false),
        Hub(Permission.OwnSession, "hub SubscribeReports", (w, h) => h.InvokeAsync<object>("SubscribeReports"), targeted: false),
        Http(Permission.ReadAreaAssessment, "GET /api/assessment/areas/{code}", (w, c) => w.Get(c, $"api/assessment/areas/{w.Grid}")),
        Http(Permission.ReadAreaAssessment, "GET /api/assessment/rankings/streets", (w, c) => w.Get(c, $"api/assessment/rankings/streets?area={DemoAreas.District}")),
        Http(Permission.ReadAreaAssessment, "GET /api/assessment/rankings/units", (w, c) => w.Get(c, $"api/assessment/rankings/units?area={DemoAreas.District}")),
        Hub(Permission.ReadAreaAssessment, "hub SubscribeAreaAssessment", (w, h) => h.InvokeAsync<object>("SubscribeAreaAssessment", w.Grid)),
        Http(Permission.ReadUnitAssessment, "GET /api/assessment/units/{unitId}", (w, c) => w.Get(c, $"api/assessment/units/{MatrixWorld.Unit}")),
        Hub(Permission.ReadUnitAssessment, "hub SubscribeUnitAssessment", (w, h) => h.InvokeAsync<object>("SubscribeUnitAssessment", MatrixWorld.Unit)),
        Http(Permission.ReadPersonAssessment, "GET /api/assessment/people/{userId}", (w, c) => w.Get(c, $"api/assessment/people/{w.Person}")),
        Http(Permission.ReadAreaAssessment, "GET /api/assessment/coverage/areas/{code}", (w, c) => w.Get(c, $"api/assessment/coverage/areas/{w.Grid}")),
        Http(Permission.ReadAreaAssessment, "GET /api/assessment/coverage/grids/{code}", (w, c) => w.Get(c, $"api/assessment/coverage/grids/{w.Grid}")),
        Http(Permission.ReadPersonAssessment, "GET /api/assessment/coverage/people/{userId}", (w, c) => w.Get(c, $"api/assessment/coverage/people/{w.Person}")),
        Hub(Permission.ReadPersonAssessment, "hub SubscribePersonAssessment", (w, h) => h.InvokeAsync<object>("SubscribePersonAssessment", w.Person)),
        Http(Permission.RunDiagnostics, "GET /api/diagnostics/runtime", (w, c) => w.Get(c, "api/diagnostics/runtime")),
        Http(Permission.RunDiagnostics, "POST /api/diagnostics/reminder-probes/{name}", (w, c) => w.Post(c, $"api/diagnostics/reminder-probes/{MatrixWorld.Probe}", new { dueInSeconds = 3600 })),
        Http(Permission.RunDiagnostics, "GET /api/diagnostics/reminder-probes/{name}", (w, c) => w.Get(c, $"api/diagnostics/reminder-probes/{MatrixWorld.Probe}")),
    ];

    /// <summary>
    /// One call per step of the closed loop, each on a case brought to the state the step starts
    /// from (a refusal leaves the case as it was, so only an admitted call needs a fresh one).
    /// </summary>
    private static IEnumerable<DoorCall> Steps()
    {
        yield return new DoorCall(
            Door.OfStep(CommandKind.Report),
            "POST /api/incidents",
            (w, role, _, caller) => w.Post(caller.Http, "api/incidents", w.ReportBody(role)));

        foreach (var rule in TransitionTable.Rules.Where(rule => rule.Roles.Any(role => role.IsPerson())))
        {
            var step = rule.Command;
            yield return new DoorCall(
                Door.OfStep(step),
                $"POST /api/incidents/{{id}}/{CommandRoutes.Segment(step)}",
                async (w, role, id, caller) => step == CommandKind.ReplySupervision && role == Role.ShiftLeader
                    // The shift leader replies for the command centre only before a unit has the case (README).
                    ? await w.Post(caller.Http, $"api/incidents/{await w.RegisteredCaseWithOrder()}/{CommandRoutes.Segment(step)}", new { orderId = "order-4", reply = "已安排派遣 access matrix" })
                    : await w.Post(
                        caller.Http,
                        $"api/incidents/{id}/{CommandRoutes.Segment(step)}",
                        step == CommandKind.Merge ? new { intoIncidentId = w.SharedCase, reason = "权限矩阵 access matrix" } : StepBodies.For(step)),
                w => w.CaseReadyFor(step));
        }
    }

    private static DoorCall Http(Permission permission, string name, Func<MatrixWorld, HttpClient, Task<Passage>> call, bool targeted = true, bool handlerInFieldTeam = false) =>
        new(Door.Of(permission), name, (w, role, _, caller) => call(w, Session(w, role, caller, handlerInFieldTeam).Http), Targeted: targeted);

    private static DoorCall Hub(Permission permission, string name, Func<MatrixWorld, HubConnection, Task> call, bool targeted = true, bool handlerInFieldTeam = false) =>
        new(Door.Of(permission), name, Targeted: targeted, Invoke: async (w, role, _, caller) =>
        {
            try
            {
                await call(w, (await Session(w, role, caller, handlerInFieldTeam).Live()).Connection).WaitAsync(Signals.Timeout);
                return Passage.Admitted;
            }
            // SignalR prefixes the server's message ("An unexpected error occurred invoking …
            // HubException: "); the hub starts every refusal by the policy table with "Forbidden:".
            catch (HubException refused) when (refused.Message.Contains("HubException: Forbidden: ", StringComparison.Ordinal))
            {
                return Passage.Forbidden;
            }
        });

    private static CallerSession Session(MatrixWorld world, Role role, CallerSession caller, bool handlerInFieldTeam) =>
        handlerInFieldTeam && role == Role.UnitHandler ? world.FieldTeamMember : caller;
}

/// <summary>The bodies that make each step acceptable when the caller may take it.</summary>
public static class StepBodies
{
    public static object? For(CommandKind step) => step switch
    {
        CommandKind.Verify => new { exists = true },
        CommandKind.Reject or CommandKind.Void or CommandKind.RequestReturn or CommandKind.RequestHang or CommandKind.Resume or CommandKind.Unmerge
            => new { reason = "权限矩阵 access matrix" },
        CommandKind.DecideReturn or CommandKind.DecideExtension or CommandKind.DecideHang => new { approved = true },
        CommandKind.RequestExtension => new { extension = new { value = 2, unit = "WorkingDays" }, reason = "权限矩阵 access matrix" },
        CommandKind.Handle => new { attachments = new[] { "photo/after.jpg" } },
        CommandKind.Check => new { passed = true },
        CommandKind.Close => new { closure = "Normal", reason = "结案" },
        CommandKind.IssueSupervision => new { instruction = "请说明进度 access matrix", replyBy = DateTimeOffset.UtcNow.AddDays(1) },

        // The matrix's cases are in progress at version 5, so the order or summons it prepares is the sixth event.
        CommandKind.ReplySupervision => new { orderId = "order-6", reply = "已处理 access matrix" },
        CommandKind.Summon => new { unitIds = new[] { MatrixWorld.Unit }, acknowledgeBy = DateTimeOffset.UtcNow.AddHours(2), reason = "联合处置 access matrix" },
        CommandKind.AcknowledgeSummons => new { summonsId = "summons-6", commitment = "到场 access matrix" },

        CommandKind.Revisit => new { satisfaction = "Satisfied" },
        _ => null,
    };
}

/// <summary>What one answer means: 2xx admitted, 403 forbidden, anything else a failure of the test.</summary>
public static class Answers
{
    public static async Task<Passage> Read(Task<HttpResponseMessage> sending, string call)
    {
        using (var response = await sending)
        {
            if (response.IsSuccessStatusCode)
            {
                return Passage.Admitted;
            }

            if (response.StatusCode == HttpStatusCode.Forbidden)
            {
                return Passage.Forbidden;
            }

            throw new InvalidOperationException($"{call} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
