using System.Net;
using System.Net.Http.Json;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.Grains.Teams;
using RuleOfLaw.Host.Tests.Infrastructure;
using RuleOfLaw.Tests.Shared;

namespace RuleOfLaw.Host.Tests.Access;

/// <summary>
/// One caller of the matrix: a role either inside the reach of every target (a grid worker of
/// the target grid, a handler of the unit the cases go to, everyone else the whole district) or
/// outside it (a neighbouring grid, another unit, another street).
/// </summary>
public sealed class CallerSession(NodeProcess node, Role role, string area, string? unit, string? user = null) : IAsyncDisposable
{
    private LiveClient? _live;

    public HttpClient Http { get; } = node.Client(role, area, unit, user);

    public async Task<LiveClient> Live() => _live ??= await LiveClient.Connect(node, role, area, unit, user: user);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (_live is not null)
        {
            await _live.DisposeAsync();
        }
    }
}

/// <summary>
/// The targets every door opens onto, in the matrix's own street: one grid, a case in progress
/// there dispatched to the power list's unit, an armed reminder probe; and the callers.
/// </summary>
public sealed class MatrixWorld : IAsyncDisposable
{
    /// <summary>The unit the power list gives exposed garbage (CG03) to, so every dispatched case goes there.</summary>
    public const string Unit = "law-enforcement";

    public const string OtherUnit = "housing";

    /// <summary>A field team of <see cref="Unit"/>: its handlers change its status.</summary>
    public const string Team = "law-enforcement-team-1";

    public const string Probe = "access-matrix";

    private readonly NodeProcess _node;
    private readonly Crew _crew;
    private readonly Dictionary<(Role, bool), CallerSession> _callers = [];
    private CallerSession? _fieldTeamMember;
    private readonly Dictionary<CommandKind, string> _ready = [];

    private MatrixWorld(NodeProcess node, Crew crew, string otherGrid, string sharedCase, string account, string person)
    {
        _node = node;
        _crew = crew;
        OtherGrid = otherGrid;
        SharedCase = sharedCase;
        Account = account;
        Person = person;
    }

    public GridPoint Point => _crew.Point;

    public string Grid => _crew.Grid;

    /// <summary>A neighbouring grid of the same street: where an out-of-scope grid worker works.</summary>
    public string OtherGrid { get; }

    /// <summary>A case in progress in <see cref="Grid"/>, dispatched to <see cref="Unit"/>; reads never change it.</summary>
    public string SharedCase { get; }

    private string? _attachedPhoto;

    /// <summary>An account of a grid worker in <see cref="Grid"/>: what the administration calls act on.</summary>
    public string Account { get; }

    /// <summary>
    /// The in-scope grid worker of the matrix, a login of its own: the person whose assessment the
    /// matrix reads, which that grid worker reaches as themselves and the out-of-scope one does not.
    /// </summary>
    public string Person { get; }

    /// <summary>The matrix person's track over the day around now.</summary>
    public string PersonsTrack => TrackOf(Person);

    private static string TrackOf(string person)
    {
        var now = DateTimeOffset.UtcNow;
        return $"api/positions/workers/{person}/track?from={Uri.EscapeDataString(now.AddHours(-12).ToString("O"))}&to={Uri.EscapeDataString(now.AddHours(12).ToString("O"))}";
    }

    /// <summary>The standard calendar, so a matrix call that replaces the calendar leaves it as it was.</summary>
    public static object StandardCalendar { get; } = new
    {
        periods = new[] { new { start = "08:30", end = "12:00" }, new { start = "14:00", end = "17:30" } },
        holidays = Array.Empty<string>(),
        swappedWorkingDays = Array.Empty<string>(),
        timeZone = "Asia/Shanghai",
    };

    public static string NewLogin() => $"matrix-{Guid.NewGuid():N}";

    public static async Task<MatrixWorld> Create(NodeProcess node)
    {
        var crew = await Crew.In(node, DemoAreas.AccessStreet);
        var otherGrid = (await node.GridsOf(DemoAreas.AccessStreet))[1];
        var shared = (await crew.InProgress()).Text("id");
        using var administrator = node.Client(Role.Administrator);
        await administrator.PostAsJsonAsync($"api/diagnostics/reminder-probes/{Probe}", new { dueInSeconds = 3600 }).Expect(HttpStatusCode.OK);
        var account = NewLogin();
        await administrator.PostAsJsonAsync("api/users", new { login = account, role = "GridWorker", area = crew.Grid }).Expect(HttpStatusCode.Created);

        // Any request under the development headers records the person as an account.
        var person = $"gw-matrix-{Guid.NewGuid():N}";
        using (var asPerson = node.Client(Role.GridWorker, crew.Grid, user: person))
        {
            await asPerson.GetAsync("api/session").Expect(HttpStatusCode.OK);

            // A track to read: one fix, stored within a flush interval.
            await asPerson.PostAsJsonAsync("api/positions", new { longitude = 105.84, latitude = 32.43 }).Expect(HttpStatusCode.NoContent);
            await Signals.Until(
                async () =>
                {
                    using var response = await asPerson.GetAsync(TrackOf(person));
                    return response.StatusCode;
                },
                status => status == HttpStatusCode.OK,
                "the matrix person's stored track",
                status => status.ToString());
        }

        return new MatrixWorld(node, crew, otherGrid, shared, account, person);
    }

    /// <summary>A member of <see cref="Team"/>: a unit handler whose unit is a field team, for the doors only a located handler uses.</summary>
    public CallerSession FieldTeamMember => _fieldTeamMember ??= new CallerSession(_node, Role.UnitHandler, DemoAreas.District, Team);

    public CallerSession Caller(Role role, bool inScope)
    {
        if (!_callers.TryGetValue((role, inScope), out var caller))
        {
            var (area, unit, user) = (role, inScope) switch
            {
                (Role.GridWorker, true) => (Grid, (string?)null, Person),
                (Role.GridWorker, false) => (OtherGrid, null, (string?)null),
                (Role.UnitHandler, true) => (DemoAreas.District, Unit, null),
                (Role.UnitHandler, false) => (DemoAreas.District, OtherUnit, null),
                (_, true) => (DemoAreas.District, null, null),
                (_, false) => (DemoAreas.OtherAccessStreet, null, null),
            };
            _callers[(role, inScope)] = caller = new CallerSession(_node, role, area, unit, user);
        }

        return caller;
    }

    public Task<Passage> Get(HttpClient client, string path) =>
        Answers.Read(client.GetAsync(path), $"GET {path}");

    public Task<Passage> Post(HttpClient client, string path, object? body) =>
        Answers.Read(client.PostAsync(path, body is null ? null : JsonContent.Create(body)), $"POST {path}");

    public Task<Passage> Put(HttpClient client, string path, object body) =>
        Answers.Read(client.PutAsync(path, JsonContent.Create(body)), $"PUT {path}");

    /// <summary>A status the matrix's team may take next, so that an admitted change is always a legal one.</summary>
    public async Task<string> NextTeamStatus()
    {
        var team = await _crew.Dispatcher.GetAsync($"api/teams/{Team}").Expect(HttpStatusCode.OK);
        return TeamStatusRules.From(Enum.Parse<TeamStatus>(team.Text("status")))[0].ToString();
    }

    /// <summary>Uploads a photo as the caller; the passage of the upload.</summary>
    public Task<Passage> PutPhoto(HttpClient client, string id) =>
        Answers.Read(client.PutAsync($"api/photos/{id}", new ByteArrayContent(PhotoSamples.Jpeg())), $"PUT api/photos/{id}");

    /// <summary>
    /// Reads back one's own upload: a caller the door admits uploads first (so there is one to
    /// read); any other is refused at the door before the photo is looked for.
    /// </summary>
    public async Task<Passage> GetOwnPhoto(HttpClient client)
    {
        var id = Crew.NewId();
        await PutPhoto(client, id);
        return await Get(client, $"api/photos/{id}");
    }

    /// <summary>The path of a photo a step of a case of the matrix grid attaches (made once).</summary>
    public async Task<string> AttachedPhoto()
    {
        if (_attachedPhoto is null)
        {
            var photo = Crew.NewId();
            using var content = new ByteArrayContent(PhotoSamples.Jpeg());
            (await _crew.GridWorker.PutAsync($"api/photos/{photo}", content)).EnsureSuccessStatusCode();
            // Dispatched to the matrix's unit, whose handler signs with the photo: every role's reach holds.
            var caseId = (await _crew.Dispatched()).Text("id");
            await Crew.Step(_crew.Unit(Unit), caseId, "sign", new { attachments = new[] { $"photo/{photo}" } });
            _attachedPhoto = $"api/incidents/{caseId}/photos/{photo}";
        }

        return _attachedPhoto;
    }

    /// <summary>A report at the matrix grid as the role would make it: on patrol with a photo, or a hotline call.</summary>
    public object ReportBody(Role role) => new
    {
        id = Crew.NewId(),
        subcategory = "CG03",
        description = "权限矩阵上报 access matrix report",
        longitude = Point.Longitude,
        latitude = Point.Latitude,
        source = role == Role.GridWorker ? "Patrol" : "Hotline",
        attachments = new[] { "photo/before.jpg" },
    };

    public object Position() => new { longitude = Point.Longitude, latitude = Point.Latitude, accuracyMetres = 8.0, at = DateTimeOffset.UtcNow };

    /// <summary>A case in the state <paramref name="step"/> starts from, kept until a call moves it on.</summary>
    public async Task<string> CaseReadyFor(CommandKind step)
    {
        if (!_ready.TryGetValue(step, out var id))
        {
            _ready[step] = id = await Prepare(step);
        }

        return id;
    }

    /// <summary>The case was moved on by an admitted call: the next call of this step needs a fresh one.</summary>
    public void Used(CommandKind step)
    {
        _ready.Remove(step);
        if (step == CommandKind.ReplySupervision)
        {
            _registeredWithOrder = null;
        }
    }

    private string? _registeredWithOrder;

    /// <summary>A registered case (no unit yet) with a leader's order awaiting a reply: order-4, the fourth event.</summary>
    public async Task<string> RegisteredCaseWithOrder()
    {
        if (_registeredWithOrder is null)
        {
            var registered = await Prepare(CommandKind.Dispatch);
            await Crew.Step(_crew.Leader, registered, "issue-supervision", StepBodies.For(CommandKind.IssueSupervision));
            _registeredWithOrder = registered;
        }

        return _registeredWithOrder;
    }

    private async Task<string> Prepare(CommandKind step)
    {
        switch (step)
        {
            case CommandKind.RequestVerification:
                return await Hotline();
            case CommandKind.Verify:
                var verifying = await Hotline();
                await Crew.Step(_crew.Intake, verifying, "request-verification");
                return verifying;
            case CommandKind.SelfHandle or CommandKind.Forward or CommandKind.Reject:
                return (await _crew.Report()).Text("id");
            case CommandKind.Register or CommandKind.Void:
                var pending = (await _crew.Report()).Text("id");
                await Crew.Step(_crew.Intake, pending, "forward");
                return pending;
            case CommandKind.Dispatch:
                var registered = await Prepare(CommandKind.Register);
                await Crew.Step(_crew.ShiftLeader, registered, "register");
                return registered;
            case CommandKind.Sign or CommandKind.RequestReturn:
                return (await _crew.Dispatched()).Text("id");
            case CommandKind.DecideReturn:
                return await InProgressThen(dispatchedOnly: true, (_crew.Unit(Unit), "request-return"));
            case CommandKind.RequestExtension or CommandKind.RequestHang or CommandKind.Handle:
                return (await _crew.InProgress()).Text("id");
            case CommandKind.DecideExtension:
                return await InProgressThen(dispatchedOnly: false, (_crew.Unit(Unit), "request-extension"));
            case CommandKind.DecideHang:
                return await InProgressThen(dispatchedOnly: false, (_crew.Unit(Unit), "request-hang"));
            case CommandKind.Resume:
                return await InProgressThen(dispatchedOnly: false, (_crew.Unit(Unit), "request-hang"), (_crew.Dispatcher, "decide-hang"));
            case CommandKind.SendCheck:
                return await InProgressThen(dispatchedOnly: false, (_crew.Unit(Unit), "handle"));
            case CommandKind.Check:
                return await InProgressThen(dispatchedOnly: false, (_crew.Unit(Unit), "handle"), (_crew.Intake, "send-check"));
            case CommandKind.IssueSupervision or CommandKind.Summon:
                return (await _crew.InProgress()).Text("id");
            case CommandKind.ReplySupervision:
                return await InProgressThen(dispatchedOnly: false, (_crew.Leader, "issue-supervision"));
            case CommandKind.AcknowledgeSummons:
                return await InProgressThen(dispatchedOnly: false, (_crew.GridWorker, "summon"));
            case CommandKind.Close:
                return await InProgressThen(dispatchedOnly: false, (_crew.Unit(Unit), "handle"), (_crew.Intake, "send-check"), (_crew.GridWorker, "check"));
            case CommandKind.Merge:
                return (await _crew.Report()).Text("id");
            case CommandKind.Unmerge:
                var duplicate = (await _crew.Report()).Text("id");
                await Crew.Step(_crew.Intake, duplicate, "merge", new { intoIncidentId = SharedCase, reason = "权限矩阵 access matrix" });
                return duplicate;
            case CommandKind.Revisit:
                var closing = await Prepare(CommandKind.Close);
                await Crew.Step(_crew.ShiftLeader, closing, "close", StepBodies.For(CommandKind.Close));
                return closing;
            default:
                throw new ArgumentOutOfRangeException(nameof(step), step, "No preparation for this step.");
        }
    }

    private async Task<string> Hotline()
    {
        var id = Crew.NewId();
        await _crew.Intake.PostAsJsonAsync("api/incidents", new
        {
            id,
            subcategory = "CG03",
            description = "市民来电反映垃圾 access matrix",
            longitude = Point.Longitude,
            latitude = Point.Latitude,
            source = "Hotline",
        }).Expect(HttpStatusCode.Created);
        return id;
    }

    private async Task<string> InProgressThen(bool dispatchedOnly, params (HttpClient Actor, string Step)[] steps)
    {
        var id = (dispatchedOnly ? await _crew.Dispatched() : await _crew.InProgress()).Text("id");
        foreach (var (actor, step) in steps)
        {
            await Crew.Step(actor, id, step, step switch
            {
                "request-return" or "request-hang" => new { reason = "权限矩阵 access matrix" },
                "request-extension" => StepBodies.For(CommandKind.RequestExtension),
                "decide-hang" => new { approved = true },
                "handle" => new { attachments = new[] { "photo/after.jpg" } },
                "check" => new { passed = true },
                "issue-supervision" => StepBodies.For(CommandKind.IssueSupervision),
                "summon" => StepBodies.For(CommandKind.Summon),
                _ => null,
            });
        }

        return id;
    }

    public async ValueTask DisposeAsync()
    {
        if (_fieldTeamMember is not null)
        {
            await _fieldTeamMember.DisposeAsync();
        }

        foreach (var caller in _callers.Values)
        {
            await caller.DisposeAsync();
        }

        _crew.Dispose();
    }
}
