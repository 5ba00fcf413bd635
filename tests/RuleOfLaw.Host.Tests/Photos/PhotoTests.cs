using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using RuleOfLaw.Host.Tests.Infrastructure;
using RuleOfLaw.Tests.Shared;

namespace RuleOfLaw.Host.Tests.Photos;

/// <summary>
/// Photos over HTTP: stored without their location metadata, typed by content, idempotent by the
/// phone's id, and read by others only through a case that attaches them.
/// </summary>
[Collection(SharedNodeCollection.Name)]
public sealed class PhotoTests(SharedNode node) : IAsyncLifetime
{
    private Crew _crew = null!;

    public async Task InitializeAsync() => _crew = await Crew.In(node, DemoAreas.BadInputStreet, gridIndex: 2);

    public Task DisposeAsync()
    {
        _crew.Dispose();
        return Task.CompletedTask;
    }

    public static TheoryData<string, string> Formats => new()
    {
        { "jpeg", "image/jpeg" },
        { "png", "image/png" },
        { "webp", "image/webp" },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task AnUploadedPhotoIsStoredWithoutItsLocationAndTheCaseItIsAttachedToServesIt(string format, string contentType)
    {
        var original = format switch { "jpeg" => PhotoSamples.Jpeg(), "png" => PhotoSamples.Png(), _ => PhotoSamples.WebP() };
        var id = Crew.NewId();

        var stored = await Upload(_crew.GridWorker, id, original).Expect(HttpStatusCode.Created);
        Assert.Equal(($"photo/{id}", contentType), (stored.Text("reference"), stored.Text("contentType")));

        var own = await _crew.GridWorker.GetAsync($"api/photos/{id}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(contentType, own.Content.Headers.ContentType?.MediaType);
        var bytes = await own.Content.ReadAsByteArrayAsync();
        Assert.False(PhotoSamples.Contains(bytes, "GPS"));
        Assert.True(bytes.Length < original.Length);

        // Others read it through the case it is attached to, and only there.
        await _crew.Leader.GetAsync($"api/photos/{id}").Expect(HttpStatusCode.Forbidden);
        var caseId = Crew.NewId();
        var report = await _crew.GridWorker.PostAsJsonAsync("api/incidents", new
        {
            id = caseId,
            subcategory = "CG03",
            description = "路边堆放生活垃圾 photo test",
            longitude = _crew.Point.Longitude,
            latitude = _crew.Point.Latitude,
            attachments = new[] { $"photo/{id}" },
        });
        await report.Expect(HttpStatusCode.Created);
        var seen = await _crew.Leader.GetAsync($"api/incidents/{caseId}/photos/{id}");
        Assert.Equal(HttpStatusCode.OK, seen.StatusCode);
        Assert.Equal(bytes, await seen.Content.ReadAsByteArrayAsync());
        await _crew.Leader.GetAsync($"api/incidents/{caseId}/photos/{Crew.NewId()}").Expect(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AnOfflineQueueSendingThePhotoAgainStoresItOnceAndAnotherPhotoCannotTakeItsId()
    {
        var id = Crew.NewId();
        await Upload(_crew.GridWorker, id, PhotoSamples.Jpeg()).Expect(HttpStatusCode.Created);

        await Upload(_crew.GridWorker, id, PhotoSamples.Jpeg()).Expect(HttpStatusCode.OK);
        await Upload(_crew.GridWorker, id, PhotoSamples.Png()).Expect(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task WhatIsNotAnImageOrIsTooLargeIsRefusedByName()
    {
        var notImage = await Upload(_crew.GridWorker, Crew.NewId(), "<svg xmlns='http://www.w3.org/2000/svg'/>"u8.ToArray()).Expect(HttpStatusCode.BadRequest);
        Assert.True(notImage.GetProperty("errors").TryGetProperty("file", out _));
        var broken = await Upload(_crew.GridWorker, Crew.NewId(), PhotoSamples.Jpeg()[..30]).Expect(HttpStatusCode.BadRequest);
        Assert.True(broken.GetProperty("errors").TryGetProperty("file", out _));
        await Upload(_crew.GridWorker, "not-a-uuid", PhotoSamples.Jpeg()).Expect(HttpStatusCode.BadRequest);
        var huge = new byte[(10 * 1024 * 1024) + 1];
        PhotoSamples.Jpeg().CopyTo(huge, 0);
        // Expect: 100-continue lets the node answer before the body is sent, as phones' clients do.
        using var request = new HttpRequestMessage(HttpMethod.Put, $"api/photos/{Crew.NewId()}") { Content = new ByteArrayContent(huge) };
        request.Headers.ExpectContinue = true;
        using var tooLarge = await _crew.GridWorker.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        await Upload(_crew.Leader, Crew.NewId(), PhotoSamples.Jpeg()).Expect(HttpStatusCode.Forbidden);
    }

    private static Task<HttpResponseMessage> Upload(HttpClient client, string id, byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return client.PutAsync($"api/photos/{id}", content);
    }
}
