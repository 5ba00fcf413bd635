using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.BadInput;

/// <summary>Where the case under test must be before the bad request is sent.</summary>
public enum Stage
{
    /// <summary>No case: the request names a fresh id that must still be unknown afterwards.</summary>
    None,
    Reported,
    Verifying,
    Registered,
    Dispatched,
    InProgress,
    Checking,
    SelfHandled,
}

/// <summary>What a case's request may refer to.</summary>
/// <param name="Id">The prepared case, or a fresh id when the stage is <see cref="Stage.None"/>.</param>
/// <param name="Point">A point inside the bad-input grid.</param>
/// <param name="OtherGrid">A grid of another street.</param>
public sealed record CaseContext(string Id, GridPoint Point, string OtherGrid)
{
    public string Street => Point.GridCode[..9];
}

/// <summary>One bad request and the exact answer it must get.</summary>
/// <param name="Field">For a 400, the field that <c>errors</c> must name; for a 422, the error key.</param>
public sealed record BadInputCase(
    string Name,
    Stage Stage,
    Role Role,
    HttpMethod Method,
    Func<CaseContext, string> Path,
    Func<CaseContext, string?> Body,
    HttpStatusCode Status,
    string? Field = null,
    string ContentType = "application/json");

/// <summary>Every endpoint's bad input: missing fields, wrong types, out-of-range values, unknown codes, oversize, bad ids, bad queries.</summary>
public static class BadInputCases
{
    public const string LeadUnit = "law-enforcement";

    public static IReadOnlyList<BadInputCase> All { get; } =
    [
        // POST /api/incidents
        Report("report without id", o => o.Remove("id"), HttpStatusCode.BadRequest, "id"),
        Report("report with a malformed id", o => o["id"] = "not-a-uuid", HttpStatusCode.BadRequest, "id"),
        Report("report with the empty uuid", o => o["id"] = Guid.Empty.ToString(), HttpStatusCode.BadRequest, "id"),
        Report("report with the id as a number", o => o["id"] = 42, HttpStatusCode.BadRequest, "id"),
        Report("report without subcategory", o => o.Remove("subcategory"), HttpStatusCode.BadRequest, "subcategory"),
        Report("report without description", o => o.Remove("description"), HttpStatusCode.BadRequest, "description"),
        Report("report with a blank description", o => o["description"] = "   ", HttpStatusCode.BadRequest, "description"),
        Report("report without longitude", o => o.Remove("longitude"), HttpStatusCode.BadRequest, "longitude"),
        Report("report without latitude", o => o.Remove("latitude"), HttpStatusCode.BadRequest, "latitude"),
        Report("report with longitude as text", o => o["longitude"] = "abc", HttpStatusCode.BadRequest, "longitude"),
        Report("report with latitude as a numeric string", o => o["latitude"] = "32.4", HttpStatusCode.BadRequest, "latitude"),
        Report("report with urgent as text", o => o["urgent"] = "yes", HttpStatusCode.BadRequest, "urgent"),
        Report("report with attachments as text", o => o["attachments"] = "x", HttpStatusCode.BadRequest, "attachments"),
        Report("report with an unknown source", o => o["source"] = "Carrier pigeon", HttpStatusCode.BadRequest, "source"),
        Report("report with longitude 200", o => o["longitude"] = 200, HttpStatusCode.BadRequest, "longitude"),
        Report("report with latitude -91", o => o["latitude"] = -91, HttpStatusCode.BadRequest, "latitude"),
        Report("report with an unknown subcategory", o => o["subcategory"] = "XX99", HttpStatusCode.BadRequest, "subcategory"),
        Report("report outside the district", o => (o["longitude"], o["latitude"]) = (100.0, 30.0), HttpStatusCode.UnprocessableEntity, "location"),
        Report("report with a 2001-character description", o => o["description"] = new string('述', 2001), HttpStatusCode.BadRequest, "description"),
        Report("report with a 201-character address", o => o["address"] = new string('址', 201), HttpStatusCode.BadRequest, "address"),
        Report("report with 11 attachments", o => o["attachments"] = Attachments(11), HttpStatusCode.BadRequest, "attachments"),
        Report("report with a 301-character attachment reference", o => o["attachments"] = new JsonArray(new string('a', 301)), HttpStatusCode.BadRequest, "attachments"),
        Report("patrol report without a photo", o => o["attachments"] = new JsonArray(), HttpStatusCode.BadRequest, "attachments"),
        Report("report larger than 64 KB", o => o["description"] = new string('x', 70_000), HttpStatusCode.RequestEntityTooLarge),
        Report("grid worker report from the hotline", o => o["source"] = "Hotline", HttpStatusCode.BadRequest, "source"),
        Report("intake report without a source", _ => { }, HttpStatusCode.BadRequest, "source", Role.Intake),
        Report("intake report from patrol", o => o["source"] = "Patrol", HttpStatusCode.BadRequest, "source", Role.Intake),
        Report("report by a dispatcher", o => o["source"] = "Hotline", HttpStatusCode.Forbidden, role: Role.Dispatcher),
        Report("patrol report naming a reporter", o => o["reporter"] = new JsonObject { ["name"] = "张三" }, HttpStatusCode.BadRequest, "reporter"),
        Report("reporter without a name", o => (o["source"], o["reporter"]) = ("Hotline", new JsonObject { ["phone"] = "13800138000" }), HttpStatusCode.BadRequest, "reporter.name", Role.Intake),
        Report("reporter with a phone of letters", o => (o["source"], o["reporter"]) = ("Hotline", new JsonObject { ["name"] = "张三", ["phone"] = "call me" }), HttpStatusCode.BadRequest, "reporter.phone", Role.Intake),
        Report("subject with a wrong check digit", o => o["subject"] = new JsonObject { ["name"] = "李四", ["idNumber"] = "110105194912310021" }, HttpStatusCode.BadRequest, "subject.idNumber"),
        Report("subject with a 51-character name", o => o["subject"] = new JsonObject { ["name"] = new string('名', 51) }, HttpStatusCode.BadRequest, "subject.name"),
        Report("subject given as text", o => o["subject"] = "李四", HttpStatusCode.BadRequest, "subject"),
        Report("sensitive given as text", o => o["sensitive"] = "yes", HttpStatusCode.BadRequest, "sensitive"),
        new("report as a JSON array", Stage.None, Role.GridWorker, HttpMethod.Post, _ => "api/incidents", _ => "[]", HttpStatusCode.BadRequest, "body"),
        new("report with malformed JSON", Stage.None, Role.GridWorker, HttpMethod.Post, _ => "api/incidents", _ => "{", HttpStatusCode.BadRequest, "body"),
        new("report that is not JSON", Stage.None, Role.GridWorker, HttpMethod.Post, _ => "api/incidents", _ => "not json", HttpStatusCode.BadRequest, "body"),
        new("report without a body", Stage.None, Role.GridWorker, HttpMethod.Post, _ => "api/incidents", _ => null, HttpStatusCode.BadRequest, "body"),
        new("report nested a hundred arrays deep", Stage.None, Role.GridWorker, HttpMethod.Post, _ => "api/incidents", _ => new string('[', 100) + new string(']', 100), HttpStatusCode.BadRequest, "body"),
        new("report sent as text/plain", Stage.None, Role.GridWorker, HttpMethod.Post, _ => "api/incidents", c => ValidReport(c).ToJsonString(), HttpStatusCode.UnsupportedMediaType, ContentType: "text/plain"),
        new("report with longitude 1e400", Stage.None, Role.GridWorker, HttpMethod.Post, _ => "api/incidents", c => ValidReport(c).ToJsonString().Replace(Degrees(c.Point.Longitude), "1e400", StringComparison.Ordinal), HttpStatusCode.BadRequest, "longitude"),
        Report("report with a blank attachment reference", o => o["attachments"] = new JsonArray(" "), HttpStatusCode.BadRequest, "attachments"),
        Report("report with a null attachment reference", o => o["attachments"] = new JsonArray((JsonNode?)null), HttpStatusCode.BadRequest, "attachments"),

        // GET /api/incidents/{id} and /history, POST on an id
        Get("read of a malformed id", "api/incidents/not-a-uuid", HttpStatusCode.BadRequest, "id"),
        Get("read of an id in braces", "api/incidents/{0190b1a5-0000-7000-8000-000000000001}", HttpStatusCode.BadRequest, "id"),
        Get("history of a malformed id", "api/incidents/not-a-uuid/history", HttpStatusCode.BadRequest, "id"),
        new("read of an unknown id", Stage.None, Role.Leader, HttpMethod.Get, c => $"api/incidents/{c.Id}", _ => null, HttpStatusCode.NotFound),
        new("history of an unknown id", Stage.None, Role.Leader, HttpMethod.Get, c => $"api/incidents/{c.Id}/history", _ => null, HttpStatusCode.NotFound),
        new("step on a malformed id", Stage.None, Role.Intake, HttpMethod.Post, _ => "api/incidents/not-a-uuid/forward", _ => null, HttpStatusCode.BadRequest, "id"),
        new("step on an unknown id", Stage.None, Role.Intake, HttpMethod.Post, c => $"api/incidents/{c.Id}/forward", _ => null, HttpStatusCode.NotFound),

        // POST /api/incidents/{id}/{step}
        Step("verify without exists", Stage.Verifying, Role.GridWorker, "verify", "{}", HttpStatusCode.BadRequest, "exists"),
        Step("verify without a body", Stage.Verifying, Role.GridWorker, "verify", null, HttpStatusCode.BadRequest, "exists"),
        Step("verify with exists as text", Stage.Verifying, Role.GridWorker, "verify", """{"exists":"yes"}""", HttpStatusCode.BadRequest, "exists"),
        Step("verify that it does not exist without a reason", Stage.Verifying, Role.GridWorker, "verify", """{"exists":false}""", HttpStatusCode.BadRequest, "reason"),
        Step("check without passed", Stage.Checking, Role.GridWorker, "check", "{}", HttpStatusCode.BadRequest, "passed"),
        Step("check with passed as a number", Stage.Checking, Role.GridWorker, "check", """{"passed":1}""", HttpStatusCode.BadRequest, "passed"),
        Step("failed check without a reason", Stage.Checking, Role.GridWorker, "check", """{"passed":false}""", HttpStatusCode.BadRequest, "reason"),
        Step("decide-return without approved", Stage.Dispatched, Role.Dispatcher, "decide-return", """{"reason":"x"}""", HttpStatusCode.BadRequest, "approved"),
        Step("decide-extension without approved", Stage.InProgress, Role.Dispatcher, "decide-extension", "{}", HttpStatusCode.BadRequest, "approved"),
        Step("decide-hang without approved", Stage.InProgress, Role.Dispatcher, "decide-hang", "{}", HttpStatusCode.BadRequest, "approved"),
        Step("decide-hang with approved as text", Stage.InProgress, Role.Dispatcher, "decide-hang", """{"approved":"true"}""", HttpStatusCode.BadRequest, "approved"),
        Step("request-extension without extension", Stage.InProgress, Role.UnitHandler, "request-extension", """{"reason":"x"}""", HttpStatusCode.BadRequest, "extension.value"),
        Step("request-extension without extension.value", Stage.InProgress, Role.UnitHandler, "request-extension", """{"extension":{"unit":"WorkingDays"},"reason":"x"}""", HttpStatusCode.BadRequest, "extension.value"),
        Step("request-extension without extension.unit", Stage.InProgress, Role.UnitHandler, "request-extension", """{"extension":{"value":2},"reason":"x"}""", HttpStatusCode.BadRequest, "extension.unit"),
        Step("request-extension with the value as text", Stage.InProgress, Role.UnitHandler, "request-extension", """{"extension":{"value":"2","unit":"WorkingDays"},"reason":"x"}""", HttpStatusCode.BadRequest, "extension.value"),
        Step("request-extension with an unknown unit", Stage.InProgress, Role.UnitHandler, "request-extension", """{"extension":{"value":2,"unit":"Fortnights"},"reason":"x"}""", HttpStatusCode.BadRequest, "extension.unit"),
        Step("request-extension of zero", Stage.InProgress, Role.UnitHandler, "request-extension", """{"extension":{"value":0,"unit":"WorkingDays"},"reason":"x"}""", HttpStatusCode.BadRequest, "extension"),
        Step("request-extension of 1001", Stage.InProgress, Role.UnitHandler, "request-extension", """{"extension":{"value":1001,"unit":"WorkingDays"},"reason":"x"}""", HttpStatusCode.BadRequest, "extension"),
        Step("request-extension without a reason", Stage.InProgress, Role.UnitHandler, "request-extension", """{"extension":{"value":2,"unit":"WorkingDays"}}""", HttpStatusCode.BadRequest, "reason"),
        Step("dispatch to an unknown unit", Stage.Registered, Role.Dispatcher, "dispatch", """{"unitId":"no-such-unit","reason":"x"}""", HttpStatusCode.BadRequest, "unitId"),
        Step("dispatch to another unit without a reason", Stage.Registered, Role.Dispatcher, "dispatch", """{"unitId":"police"}""", HttpStatusCode.BadRequest, "reason"),
        Step("dispatch with the unit as a number", Stage.Registered, Role.Dispatcher, "dispatch", """{"unitId":7}""", HttpStatusCode.BadRequest, "unitId"),
        Step("dispatch to a team of another unit", Stage.Registered, Role.Dispatcher, "dispatch", """{"teamId":"fire-station-dongba"}""", HttpStatusCode.BadRequest, "teamId"),
        Step("dispatch to a unit that is no field team", Stage.Registered, Role.Dispatcher, "dispatch", """{"teamId":"police"}""", HttpStatusCode.BadRequest, "teamId"),
        Step("dispatch with the team as a number", Stage.Registered, Role.Dispatcher, "dispatch", """{"teamId":3}""", HttpStatusCode.BadRequest, "teamId"),
        Step("dispatch with a 5000-character team", Stage.Registered, Role.Dispatcher, "dispatch", JsonSerializer.Serialize(new { teamId = new string('t', 5000) }), HttpStatusCode.BadRequest, "teamId"),
        new("team recommendation of an unknown unit", Stage.Registered, Role.Dispatcher, HttpMethod.Get, c => $"api/incidents/{c.Id}/team-recommendation?unitId=no-such-unit", _ => null, HttpStatusCode.BadRequest, "unitId"),
        new("team recommendation of a malformed id", Stage.None, Role.Dispatcher, HttpMethod.Get, _ => "api/incidents/not-a-uuid/team-recommendation", _ => null, HttpStatusCode.BadRequest, "id"),
        new("team recommendation of an unknown case", Stage.None, Role.Dispatcher, HttpMethod.Get, c => $"api/incidents/{c.Id}/team-recommendation", _ => null, HttpStatusCode.NotFound),
        new("team recommendation by a unit handler", Stage.Registered, Role.UnitHandler, HttpMethod.Get, c => $"api/incidents/{c.Id}/team-recommendation", _ => null, HttpStatusCode.Forbidden),
        Step("reject with a 1001-character reason", Stage.Reported, Role.Intake, "reject", JsonSerializer.Serialize(new { reason = new string('由', 1001) }), HttpStatusCode.BadRequest, "reason"),
        Step("reject without a reason", Stage.Reported, Role.Intake, "reject", null, HttpStatusCode.BadRequest, "reason"),
        Step("reject with the reason as a number", Stage.Reported, Role.Intake, "reject", """{"reason":5}""", HttpStatusCode.BadRequest, "reason"),
        Step("forward with 11 attachments", Stage.Reported, Role.Intake, "forward", new JsonObject { ["attachments"] = Attachments(11) }.ToJsonString(), HttpStatusCode.BadRequest, "attachments"),
        Step("forward with attachments as text", Stage.Reported, Role.Intake, "forward", """{"attachments":"x"}""", HttpStatusCode.BadRequest, "attachments"),
        Step("forward with a JSON array as body", Stage.Reported, Role.Intake, "forward", "[]", HttpStatusCode.BadRequest, "body"),
        Step("forward with malformed JSON", Stage.Reported, Role.Intake, "forward", "{", HttpStatusCode.BadRequest, "body"),
        Step("forward larger than 64 KB", Stage.Reported, Role.Intake, "forward", JsonSerializer.Serialize(new { reason = new string('x', 70_000) }), HttpStatusCode.RequestEntityTooLarge),
        Step("forward sent as text/plain", Stage.Reported, Role.Intake, "forward", "{}", HttpStatusCode.UnsupportedMediaType) with { ContentType = "text/plain" },
        Step("handle without an after photo", Stage.InProgress, Role.UnitHandler, "handle", """{"reason":"done"}""", HttpStatusCode.BadRequest, "attachments"),
        Step("request-return without a reason", Stage.Dispatched, Role.UnitHandler, "request-return", "{}", HttpStatusCode.BadRequest, "reason"),
        Step("request-hang without a reason", Stage.InProgress, Role.UnitHandler, "request-hang", "{}", HttpStatusCode.BadRequest, "reason"),
        Step("close with an unknown closure kind", Stage.SelfHandled, Role.ShiftLeader, "close", """{"closure":"Whatever"}""", HttpStatusCode.BadRequest, "closure"),
        Step("special closure without a reason", Stage.SelfHandled, Role.ShiftLeader, "close", """{"closure":"Special"}""", HttpStatusCode.BadRequest, "reason"),

        // POST /api/incidents/{id}/merge and /unmerge, GET /api/incidents/{id}/duplicates
        Step("merge without intoIncidentId", Stage.Reported, Role.Intake, "merge", "{}", HttpStatusCode.BadRequest, "intoIncidentId"),
        Step("merge without a body", Stage.Reported, Role.Intake, "merge", null, HttpStatusCode.BadRequest, "intoIncidentId"),
        Step("merge into a malformed id", Stage.Reported, Role.Intake, "merge", """{"intoIncidentId":"not-a-uuid"}""", HttpStatusCode.BadRequest, "intoIncidentId"),
        Step("merge with intoIncidentId as a number", Stage.Reported, Role.Intake, "merge", """{"intoIncidentId":7}""", HttpStatusCode.BadRequest, "intoIncidentId"),
        Step("merge into a case never reported", Stage.Reported, Role.Intake, "merge", """{"intoIncidentId":"0190b1a5-0000-7000-8000-00000000dead"}""", HttpStatusCode.BadRequest, "intoIncidentId"),
        new("merge into itself", Stage.Reported, Role.Intake, HttpMethod.Post, c => $"api/incidents/{c.Id}/merge", c => JsonSerializer.Serialize(new { intoIncidentId = c.Id }), HttpStatusCode.BadRequest, "intoIncidentId"),
        new("merge with a 1001-character reason", Stage.Reported, Role.Intake, HttpMethod.Post, c => $"api/incidents/{c.Id}/merge", _ => JsonSerializer.Serialize(new { intoIncidentId = "0190b1a5-0000-7000-8000-00000000dead", reason = new string('由', 1001) }), HttpStatusCode.BadRequest, "reason"),
        Step("merge of a registered case", Stage.Registered, Role.Intake, "merge", """{"intoIncidentId":"0190b1a5-0000-7000-8000-00000000dead"}""", HttpStatusCode.Conflict),
        Step("merge by a dispatcher", Stage.Reported, Role.Dispatcher, "merge", """{"intoIncidentId":"0190b1a5-0000-7000-8000-00000000dead"}""", HttpStatusCode.Forbidden),
        Step("unmerge of a case that is not merged", Stage.Reported, Role.Intake, "unmerge", """{"reason":"误合并"}""", HttpStatusCode.Conflict),
        new("merge on a malformed id", Stage.None, Role.Intake, HttpMethod.Post, _ => "api/incidents/not-a-uuid/merge", _ => """{"intoIncidentId":"0190b1a5-0000-7000-8000-00000000dead"}""", HttpStatusCode.BadRequest, "id"),
        new("merge on an unknown id", Stage.None, Role.Intake, HttpMethod.Post, c => $"api/incidents/{c.Id}/merge", _ => """{"intoIncidentId":"0190b1a5-0000-7000-8000-00000000dead"}""", HttpStatusCode.NotFound),
        Get("duplicates of a malformed id", "api/incidents/not-a-uuid/duplicates", HttpStatusCode.BadRequest, "id"),
        new("duplicates of an unknown id", Stage.None, Role.Leader, HttpMethod.Get, c => $"api/incidents/{c.Id}/duplicates", _ => null, HttpStatusCode.NotFound),

        // POST /api/incidents/{id}/issue-supervision, reply-supervision, summon, acknowledge-summons
        Step("supervision without an instruction", Stage.InProgress, Role.Leader, "issue-supervision", """{"replyBy":"2099-01-01T09:00:00+08:00"}""", HttpStatusCode.BadRequest, "instruction"),
        Step("supervision without a reply date", Stage.InProgress, Role.Leader, "issue-supervision", """{"instruction":"说明进度"}""", HttpStatusCode.BadRequest, "replyBy"),
        Step("supervision with a reply date in the past", Stage.InProgress, Role.Leader, "issue-supervision", """{"instruction":"说明进度","replyBy":"2020-01-01T09:00:00+08:00"}""", HttpStatusCode.BadRequest, "replyBy"),
        Step("supervision with a reply date as words", Stage.InProgress, Role.Leader, "issue-supervision", """{"instruction":"说明进度","replyBy":"next week"}""", HttpStatusCode.BadRequest, "replyBy"),
        new("supervision with a 1001-character instruction", Stage.InProgress, Role.Leader, HttpMethod.Post, c => $"api/incidents/{c.Id}/issue-supervision", _ => JsonSerializer.Serialize(new { instruction = new string('督', 1001), replyBy = DateTimeOffset.UtcNow.AddDays(1) }), HttpStatusCode.BadRequest, "instruction"),
        Step("supervision by a dispatcher", Stage.InProgress, Role.Dispatcher, "issue-supervision", """{"instruction":"说明进度","replyBy":"2099-01-01T09:00:00+08:00"}""", HttpStatusCode.Forbidden),
        Step("reply without an order id", Stage.InProgress, Role.UnitHandler, "reply-supervision", """{"reply":"已处理"}""", HttpStatusCode.BadRequest, "orderId"),
        Step("reply without a reply", Stage.InProgress, Role.UnitHandler, "reply-supervision", """{"orderId":"order-6"}""", HttpStatusCode.BadRequest, "reply"),
        Step("reply when no order awaits one", Stage.InProgress, Role.UnitHandler, "reply-supervision", """{"orderId":"order-6","reply":"已处理"}""", HttpStatusCode.Conflict),
        Step("summons without units", Stage.InProgress, Role.GridWorker, "summon", """{"acknowledgeBy":"2099-01-01T09:00:00+08:00","reason":"联合处置"}""", HttpStatusCode.BadRequest, "unitIds"),
        Step("summons with units as text", Stage.InProgress, Role.GridWorker, "summon", """{"unitIds":"housing","acknowledgeBy":"2099-01-01T09:00:00+08:00","reason":"联合处置"}""", HttpStatusCode.BadRequest, "unitIds"),
        new("summons of an unknown unit", Stage.InProgress, Role.GridWorker, HttpMethod.Post, c => $"api/incidents/{c.Id}/summon", _ => JsonSerializer.Serialize(new { unitIds = new[] { "no-such-unit" }, acknowledgeBy = DateTimeOffset.UtcNow.AddHours(2), reason = "联合处置" }), HttpStatusCode.BadRequest, "unitIds"),
        new("summons without a reason", Stage.InProgress, Role.GridWorker, HttpMethod.Post, c => $"api/incidents/{c.Id}/summon", _ => JsonSerializer.Serialize(new { unitIds = new[] { "housing" }, acknowledgeBy = DateTimeOffset.UtcNow.AddHours(2) }), HttpStatusCode.BadRequest, "reason"),
        new("summons eight days ahead", Stage.InProgress, Role.GridWorker, HttpMethod.Post, c => $"api/incidents/{c.Id}/summon", _ => JsonSerializer.Serialize(new { unitIds = new[] { "housing" }, acknowledgeBy = DateTimeOffset.UtcNow.AddDays(8), reason = "联合处置" }), HttpStatusCode.BadRequest, "acknowledgeBy"),
        Step("acknowledgement without a commitment", Stage.InProgress, Role.UnitHandler, "acknowledge-summons", """{"summonsId":"summons-6"}""", HttpStatusCode.BadRequest, "commitment"),
        Step("acknowledgement with no summons on the case", Stage.InProgress, Role.UnitHandler, "acknowledge-summons", """{"summonsId":"summons-6","commitment":"到场"}""", HttpStatusCode.Conflict),
        Get("escalations of an unknown unit", "api/units/no-such-unit/escalations", HttpStatusCode.NotFound),
        Get("summonses of an unknown unit", "api/units/no-such-unit/summonses", HttpStatusCode.NotFound),
        Get("escalations of an unknown area", "api/areas/510802099/escalations", HttpStatusCode.NotFound),
        Get("escalations of a malformed area code", "api/areas/5108/escalations", HttpStatusCode.BadRequest, "code"),

        // /api/areas
        Get("map of a malformed area code", "api/areas/12345", HttpStatusCode.BadRequest, "code"),
        Get("map of an unknown area", "api/areas/510802099", HttpStatusCode.NotFound),
        Get("children of a malformed area code", "api/areas/abc/children", HttpStatusCode.BadRequest, "code"),
        Get("grids of an unknown area", "api/areas/510802099001/grids", HttpStatusCode.NotFound),
        Get("incidents of a malformed area code", "api/areas/5108021/incidents", HttpStatusCode.BadRequest, "code"),
        Get("incidents of an unknown area", "api/areas/510802099/incidents", HttpStatusCode.NotFound),
        Get("counters of a malformed area code", "api/areas/51080a/counters", HttpStatusCode.BadRequest, "code"),
        Get("counters of an unknown area", "api/areas/510802099/counters", HttpStatusCode.NotFound),
        Get("incidents with an unknown state", c => $"api/areas/{c.Street}/incidents?state=Bogus", HttpStatusCode.BadRequest, "state"),
        Get("incidents with page 0", c => $"api/areas/{c.Street}/incidents?page=0", HttpStatusCode.BadRequest, "page"),
        Get("incidents with page as text", c => $"api/areas/{c.Street}/incidents?page=abc", HttpStatusCode.BadRequest, "page"),
        Get("incidents with pageSize 500", c => $"api/areas/{c.Street}/incidents?pageSize=500", HttpStatusCode.BadRequest, "pageSize"),
        Get("incidents with pageSize 0", c => $"api/areas/{c.Street}/incidents?pageSize=0", HttpStatusCode.BadRequest, "pageSize"),
        Get("incidents with an unknown category", c => $"api/areas/{c.Street}/incidents?category=XX", HttpStatusCode.BadRequest, "category"),
        Get("incidents with a grid in another area", c => $"api/areas/{c.Street}/incidents?grid={c.OtherGrid}", HttpStatusCode.BadRequest, "grid"),
        Get("incidents with an empty grid", c => $"api/areas/{c.Street}/incidents?grid=", HttpStatusCode.BadRequest, "grid"),
        Get("incidents with an empty state", c => $"api/areas/{c.Street}/incidents?state=", HttpStatusCode.BadRequest, "state"),
        Get("incidents with a malformed grid", c => $"api/areas/{c.Street}/incidents?grid=123", HttpStatusCode.BadRequest, "grid"),
        Get("incidents with a community as grid", c => $"api/areas/{c.Street}/incidents?grid={c.Point.GridCode[..12]}", HttpStatusCode.BadRequest, "grid"),
        Get("resolve without longitude", "api/areas/resolve?lat=32.43", HttpStatusCode.BadRequest, "lon"),
        Get("resolve with longitude as text", "api/areas/resolve?lon=abc&lat=32.43", HttpStatusCode.BadRequest, "lon"),
        Get("resolve with latitude 95", "api/areas/resolve?lon=105.84&lat=95", HttpStatusCode.BadRequest, "lat"),
        Get("resolve outside the district", "api/areas/resolve?lon=100&lat=30", HttpStatusCode.NotFound),

        // /api/catalogue and /api/units
        Get("unknown catalogue code", "api/catalogue/XX99", HttpStatusCode.NotFound),
        Get("malformed catalogue code", "api/catalogue/C-G", HttpStatusCode.BadRequest, "code"),
        Get("overlong catalogue code", "api/catalogue/ABCDEFGHIJK", HttpStatusCode.BadRequest, "code"),
        Get("unknown unit", "api/units/no-such-unit", HttpStatusCode.NotFound),
        Get("queue of an unknown unit", "api/units/no-such-unit/incidents", HttpStatusCode.NotFound),
        Get("queue with an unknown state", "api/units/law-enforcement/incidents?state=Bogus", HttpStatusCode.BadRequest, "state"),
        Get("queue with pageSize 500", "api/units/law-enforcement/incidents?pageSize=500", HttpStatusCode.BadRequest, "pageSize"),
        Get("queue with an unknown category", "api/units/law-enforcement/incidents?category=XX", HttpStatusCode.BadRequest, "category"),
    ];

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var item in All)
        {
            names.Add(item.Name);
        }

        return names;
    }

    public static BadInputCase Named(string name) => All.Single(item => item.Name == name);

    /// <summary>A valid patrol report at the context's point, changed by <paramref name="change"/>.</summary>
    private static BadInputCase Report(string name, Action<JsonObject> change, HttpStatusCode status, string? field = null, Role role = Role.GridWorker) =>
        new(name, Stage.None, role, HttpMethod.Post, _ => "api/incidents", context =>
        {
            var body = ValidReport(context);
            change(body);
            return body.ToJsonString();
        }, status, field);

    private static JsonObject ValidReport(CaseContext context) => new()
    {
        ["id"] = context.Id,
        ["subcategory"] = "CG03",
        ["description"] = "路边堆放生活垃圾",
        ["longitude"] = context.Point.Longitude,
        ["latitude"] = context.Point.Latitude,
        ["attachments"] = new JsonArray("photo/before.jpg"),
    };

    /// <summary>A coordinate as System.Text.Json writes it.</summary>
    private static string Degrees(double value) => JsonSerializer.Serialize(value);

    private static BadInputCase Step(string name, Stage stage, Role role, string step, string? body, HttpStatusCode status, string? field = null) =>
        new(name, stage, role, HttpMethod.Post, context => $"api/incidents/{context.Id}/{step}", _ => body, status, field);

    private static BadInputCase Get(string name, string path, HttpStatusCode status, string? field = null) =>
        Get(name, _ => path, status, field);

    private static BadInputCase Get(string name, Func<CaseContext, string> path, HttpStatusCode status, string? field = null) =>
        new(name, Stage.None, Role.Leader, HttpMethod.Get, path, _ => null, status, field);

    private static JsonArray Attachments(int count) => new([.. Enumerable.Range(1, count).Select(n => (JsonNode)$"photo/{n}.jpg")]);
}
