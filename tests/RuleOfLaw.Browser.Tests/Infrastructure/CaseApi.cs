using System.Net;
using RuleOfLaw.Grains.Users;
using RuleOfLaw.Host.Tests.Identity;
using RuleOfLaw.Host.Tests.Infrastructure;
using RuleOfLaw.Tests.Shared;

namespace RuleOfLaw.Browser.Tests.Infrastructure;

/// <summary>
/// Cases and steps through the API, as the seeded accounts: for what happens in someone else's
/// session while the page under test watches, never for the steps the test's own pages take.
/// </summary>
public static class CaseApi
{
    /// <summary>
    /// A case reported as the seeded grid worker on patrol in their own grid, with a photo;
    /// <paramref name="longitudeOffset"/> moves the point east (a few metres: still the same grid).
    /// </summary>
    public static async Task<string> Report(BrowserNode node, string description, double longitudeOffset = 0)
    {
        using var worker = await BrowserSession.SignIn(node, "gridworker", node.PasswordOf("gridworker"));
        // A patrol report carries a photo: uploaded first under an id of its own, then attached.
        var photoId = Guid.CreateVersion7().ToString();
        using var upload = new HttpRequestMessage(HttpMethod.Put, $"api/photos/{photoId}") { Content = new ByteArrayContent(PhotoSamples.Png()) };
        upload.Content.Headers.ContentType = new("image/png");
        upload.Headers.Add("X-XSRF-TOKEN", worker.AntiforgeryToken);
        await worker.Client.SendAsync(upload).Expect(HttpStatusCode.Created);
        var id = Guid.CreateVersion7().ToString();
        await worker.Send(HttpMethod.Post, "api/incidents", new
        {
            id,
            subcategory = "CG03",
            description = $"{description} {id[^6..]}",
            longitude = DemoAccounts.PatrolLongitude + longitudeOffset,
            latitude = DemoAccounts.PatrolLatitude,
            attachments = new[] { $"photo/{photoId}" },
        }).Expect(HttpStatusCode.Created);
        return id;
    }

    /// <summary>A step taken through the API by another role's session.</summary>
    public static async Task Step(BrowserNode node, string id, string login, string segment)
    {
        using var session = await BrowserSession.SignIn(node, login, node.PasswordOf(login));
        await session.Send(HttpMethod.Post, $"api/incidents/{id}/{segment}", new { }).Expect(HttpStatusCode.OK);
    }
}
