using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;
using RuleOfLaw.Grains.Access;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.Grains.Privacy;
using RuleOfLaw.Web.Access;
using RuleOfLaw.Web.Actors;
using RuleOfLaw.Web.Errors;

namespace RuleOfLaw.Web.Incidents;

/// <summary>Whether a case's audit chain holds, and if not its first broken link, in the request's language.</summary>
public sealed record AuditResponse(
    string IncidentId,
    bool Verified,
    int Events,
    int? FirstBrokenVersion,
    AuditBreak? BreakKind,
    string Reason,
    string? HeadHash)
{
    public static AuditResponse Of(string incidentId, AuditVerification verification) => new(
        incidentId,
        verification.Verified,
        verification.Events,
        verification.FirstBrokenVersion,
        verification.Break,
        Problems.Localize(verification.Reason),
        verification.HeadHash);
}

/// <summary>Who asked for a packet: it is itself a record of supervision.</summary>
public sealed record PacketRequester(string UserId, string Role, string? UnitId);

/// <summary>
/// One case for supervision (督查问责): the case, its power-list row as the catalogue holds it now,
/// every stored event with actor, role, unit, time, reason, legal basis and seal, and the verdict
/// of the audit chain over exactly those events.
/// </summary>
public sealed record AccountabilityPacket(
    DateTimeOffset GeneratedAt,
    PacketRequester GeneratedBy,
    IncidentRecord Incident,
    Subcategory? Subcategory,
    IReadOnlyList<AuditedEvent> History,
    AuditResponse Verification,
    IReadOnlyList<RestrictedRead> RestrictedReads);

/// <summary>
/// The tamper-evident record of a case over HTTP: <c>/audit</c> verifies its chain, and
/// <c>/accountability</c> exports the packet as JSON or as a printable page. Both read the events
/// afresh from the store, so an edit made in the database is caught while the node runs, and both
/// are supervision material behind their own door (<see cref="Permission.ReadAudit"/>). Personal
/// information is left out (redacted as for any reader); who read it is listed instead.
/// </summary>
public static class AccountabilityApi
{
    public static IEndpointRouteBuilder MapAccountabilityApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/incidents").WithTags("Incidents").RequireDoor(Permission.ReadAudit);
        group.MapGet("/{id}/audit", GetAudit)
            .WithName("VerifyIncidentAudit")
            .WithSummary("Verifies the case's hash chain as stored and names the first broken link.");
        group.MapGet("/{id}/accountability", GetPacket)
            .WithName("GetAccountabilityPacket")
            .WithSummary("The case's accountability packet: JSON, or a printable HTML page with ?format=html or Accept: text/html.");
        group.MapGet("/{id}/restricted-reads", GetRestrictedReads)
            .WithName("ListRestrictedReads")
            .WithSummary("Who read the case's restricted fields, and when.");
        return app;
    }

    private static async Task<Results<Ok<AuditResponse>, ProblemHttpResult>> GetAudit(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        var (audit, problem) = await ReadAudit(id, user, grains);
        return audit is null ? problem! : TypedResults.Ok(AuditResponse.Of(audit.Incident.Id, audit.Verification));
    }

    private static async Task<Results<Ok<AccountabilityPacket>, ContentHttpResult, ProblemHttpResult>> GetPacket(
        string id, string? format, HttpContext context, ClaimsPrincipal user, IGrainFactory grains, CatalogueBook catalogue, TimeProvider time)
    {
        if (format is not (null or "json" or "html"))
        {
            return Problems.Invalid("format", Text.Of("format 须为 json 或 html。", "format must be json or html."));
        }

        var (audit, problem) = await ReadAudit(id, user, grains);
        if (audit is null)
        {
            return problem!;
        }

        var actor = user.ToActor()!;
        var packet = new AccountabilityPacket(
            time.GetUtcNow(),
            new PacketRequester(actor.UserId, actor.Role.ToString(), actor.UnitId),
            PersonalData.Redact(audit.Incident),
            catalogue.FindSubcategory(audit.Incident.Report.SubcategoryCode),
            audit.Events.Select(entry => entry with { Event = entry.Event is { } e ? PersonalData.Redact(e) : null }).ToList(),
            AuditResponse.Of(audit.Incident.Id, audit.Verification),
            await grains.GetGrain<IRestrictedReadLogGrain>(audit.Incident.Id).Reads());
        if (!(format == "html" || (format is null && PrefersHtml(context.Request))))
        {
            return TypedResults.Ok(packet);
        }

        var language = CultureInfo.CurrentUICulture.Name.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : Languages.Default;
        var headers = context.Response.Headers;

        // The page is self-contained: nothing may load or run in it, even if a value slipped past encoding.
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentLanguage = language;
        headers.ContentDisposition = $"inline; filename=\"accountability-{audit.Incident.Id}.html\"";
        return TypedResults.Content(AccountabilityPage.Render(packet, catalogue, language), "text/html; charset=utf-8", Encoding.UTF8);
    }

    private static async Task<Results<Ok<IReadOnlyList<RestrictedRead>>, ProblemHttpResult>> GetRestrictedReads(
        string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        var (audit, problem) = await ReadAudit(id, user, grains);
        return audit is null ? problem! : TypedResults.Ok(await grains.GetGrain<IRestrictedReadLogGrain>(audit.Incident.Id).Reads());
    }

    /// <summary>
    /// The case's audit, or the problem that answers instead: 400 for a malformed id, 404 for a case
    /// never reported, 403 outside the reader's jurisdiction and unit.
    /// </summary>
    private static async Task<(IncidentAudit? Audit, ProblemHttpResult? Problem)> ReadAudit(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!IncidentIds.TryNormalize(id, out var incidentId))
        {
            return (null, Problems.Invalid("id", IncidentsApi.BadId));
        }

        var audit = await grains.GetGrain<IIncidentGrain>(incidentId).Audit();
        if (audit is null)
        {
            return (null, Problems.NotFound(IncidentsApi.NoSuchCase(incidentId)));
        }

        return user.Refuse(Permission.ReadAudit, audit.Incident.Target()) is { } refused ? (null, refused) : (audit, null);
    }

    /// <summary>A browser asks for text/html and not for JSON at least as much; API clients ask for JSON or nothing.</summary>
    private static bool PrefersHtml(HttpRequest request)
    {
        var accepted = request.GetTypedHeaders().Accept;
        double Quality(string mediaType) => accepted
            .Where(value => value.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase))
            .Select(value => value.Quality ?? 1.0)
            .DefaultIfEmpty(0.0)
            .Max();

        var html = Quality("text/html");
        return html > 0 && html > Quality("application/json");
    }
}
