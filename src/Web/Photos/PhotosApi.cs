using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using RuleOfLaw.Grains.Access;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.Grains.Photos;
using RuleOfLaw.Web.Access;
using RuleOfLaw.Web.Actors;
using RuleOfLaw.Web.Errors;
using RuleOfLaw.Web.Incidents;
using RuleOfLaw.Web.Protection;

namespace RuleOfLaw.Web.Photos;

/// <summary>A stored photo and the reference a step attaches (<c>photo/{id}</c>).</summary>
public sealed record PhotoResponse(string Id, string Reference, string ContentType, int Bytes);

/// <summary>
/// Photos of reports, handling and checks. The phone names each photo by a UUID it makes, so a
/// report queued offline uploads it once however often it is sent. The server reads the type from
/// the bytes, refuses anything but JPEG, PNG and WebP, and strips location metadata before it
/// stores anything; others see a photo only through a case that attaches it.
/// </summary>
public static class PhotosApi
{
    public const string ReferencePrefix = "photo/";

    public static IEndpointRouteBuilder MapPhotosApi(this IEndpointRouteBuilder app)
    {
        var photos = app.MapGroup("/api/photos").WithTags("Photos");
        photos.MapPut("/{id}", Upload)
            .RequireDoor(Permission.UploadPhotos)
            .AcceptsUploads()
            .WithName("UploadPhoto")
            .WithSummary("Upload a photo as the request body (JPEG, PNG or WebP); idempotent by the client's id; location metadata is removed.");
        photos.MapGet("/{id}", Own)
            .RequireDoor(Permission.UploadPhotos)
            .WithName("GetOwnPhoto")
            .WithSummary("A photo one uploaded, as stored (without location metadata).");
        app.MapGet("/api/incidents/{incidentId}/photos/{id}", OfIncident)
            .WithTags("Photos")
            .RequireDoor(Permission.ReadIncident)
            .WithName("GetIncidentPhoto")
            .WithSummary("A photo a step of the case attached, for whoever may read the case.");
        return app;
    }

    private static async Task<Results<Created<PhotoResponse>, Ok<PhotoResponse>, ProblemHttpResult>> Upload(
        string id, HttpRequest request, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!IncidentIds.TryNormalize(id, out var photoId))
        {
            return Problems.Invalid("id", BadId);
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        var bytes = buffer.ToArray();
        if (PhotoFormats.Detect(bytes) is not { } type)
        {
            return Problems.Invalid("file", Text.Of("照片须为 JPEG、PNG 或 WebP 图片（以文件内容判断）。", "The photo must be a JPEG, PNG or WebP image (judged by its content)."));
        }

        if (PhotoFormats.WithoutLocation(bytes, type) is not { } stripped)
        {
            return Problems.Invalid("file", Text.Of("照片文件已损坏，无法读取。", "The photo file is damaged and cannot be read."));
        }

        var response = new PhotoResponse(photoId!, ReferencePrefix + photoId, PhotoFormats.ContentType(type), stripped.Length);
        return await grains.GetGrain<IPhotoGrain>(photoId!).Store(type, stripped, user.ToActor()!.UserId) switch
        {
            PhotoStoreStatus.Stored => TypedResults.Created($"/api/photos/{photoId}", response),
            PhotoStoreStatus.Replayed => TypedResults.Ok(response),
            _ => Problems.Conflict(Text.Of("已有另一张照片使用此编号。", "Another photo already has this id.")),
        };
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Own(string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!IncidentIds.TryNormalize(id, out var photoId))
        {
            return Problems.Invalid("id", BadId);
        }

        if (await grains.GetGrain<IPhotoGrain>(photoId!).Photo() is not { } photo)
        {
            return Problems.NotFound(NoSuchPhoto(photoId!));
        }

        return photo.UploadedBy == user.ToActor()!.UserId
            ? File(photo)
            : Problems.Forbidden(Text.Of("只能直接查看本人上传的照片，其他照片请通过所附事件查看。", "Only one's own uploads are read here; other photos are read through the case they are attached to."));
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> OfIncident(string incidentId, string id, ClaimsPrincipal user, IGrainFactory grains)
    {
        if (!IncidentIds.TryNormalize(incidentId, out var caseId))
        {
            return Problems.Invalid("incidentId", IncidentsApi.BadId);
        }

        if (!IncidentIds.TryNormalize(id, out var photoId))
        {
            return Problems.Invalid("id", BadId);
        }

        if (await grains.GetGrain<IIncidentGrain>(caseId!).Details() is not { } details)
        {
            return Problems.NotFound(IncidentsApi.NoSuchCase(caseId!));
        }

        if (user.Refuse(Permission.ReadIncident, details.Incident.ReadTarget(user.ToActor())) is { } refused)
        {
            return refused;
        }

        var reference = ReferencePrefix + photoId;
        var attached = details.Incident.ReportAttachments.Contains(reference) || details.History.Any(e => e.Attachments.Contains(reference));
        return attached && await grains.GetGrain<IPhotoGrain>(photoId!).Photo() is { } photo
            ? File(photo)
            : Problems.NotFound(NoSuchPhoto(photoId!));
    }

    private static FileContentHttpResult File(StoredPhoto photo) =>
        TypedResults.File(photo.Bytes, PhotoFormats.ContentType(photo.Type), lastModified: photo.UploadedAt, entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{photo.Sha256}\""));

    private static LocalizedText BadId => Text.Of("照片编号须为 UUID。", "A photo id must be a UUID.");

    private static LocalizedText NoSuchPhoto(string id) => Text.Of($"没有编号为 {id} 的照片。", $"No photo with id {id}.");
}
