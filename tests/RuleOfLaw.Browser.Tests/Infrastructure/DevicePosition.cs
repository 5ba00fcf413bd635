using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using RuleOfLaw.Host.Tests.Identity;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Browser.Tests.Infrastructure;

/// <summary>
/// A phone's position as the tests give it (Chromium's geolocation, granted and set by Playwright),
/// what the page kept of it, and the track the node stored, read through the API as a dispatcher.
/// </summary>
public static class DevicePosition
{
    /// <summary>Closer than this in degrees is the same place: the emulated position travels as a float.</summary>
    public const double SamePlace = 1e-5;

    /// <summary>Lets the context's pages locate themselves, at a first place.</summary>
    public static async Task Allow(IBrowserContext context, double longitude, double latitude)
    {
        await context.GrantPermissionsAsync(["geolocation"]);
        await context.SetGeolocationAsync(At(longitude, latitude));
    }

    /// <summary>Moves the device and waits until the page has kept the fix it was given.</summary>
    public static async Task MoveTo(IPage page, double longitude, double latitude)
    {
        await page.Context.SetGeolocationAsync(At(longitude, latitude));
        await Kept(page, longitude, latitude);
    }

    /// <summary>Waits until the page's sharing bar names this place as its last fix.</summary>
    public static async Task Kept(IPage page, double longitude, double latitude)
    {
        await page.WaitForFunctionAsync(
            @"([longitude, latitude, same]) => {
                const kept = document.querySelector('[data-testid=position-sharing]')?.dataset.lastFix;
                if (!kept) return false;
                const [x, y] = kept.split(',').map(Number);
                return Math.abs(x - longitude) < same && Math.abs(y - latitude) < same;
            }",
            new[] { longitude, latitude, SamePlace },
            new() { Timeout = WorkerPage.PatienceMs });
    }

    /// <summary>A walk of <paramref name="count"/> places about 50 m apart, northwards from a start.</summary>
    public static (double Longitude, double Latitude)[] Walk(double longitude, double latitude, int count, int from = 0) =>
        [.. Enumerable.Range(from, count).Select(step => (longitude + step * 0.0002, latitude + step * 0.0004))];

    /// <summary>
    /// The points of a track from <paramref name="since"/> on, as a dispatcher reads them, once it
    /// holds at least <paramref name="expected"/> points (fixes are sent in batches and stored in batches).
    /// </summary>
    public static async Task<JsonElement[]> Track(BrowserNode node, string kind, string id, DateTimeOffset since, int expected)
    {
        using var dispatcher = await BrowserSession.SignIn(node, "dispatcher", node.PasswordOf("dispatcher"));
        var path = $"api/positions/{kind}/{id}/track?from={Uri.EscapeDataString(since.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(1).ToString("O", CultureInfo.InvariantCulture))}";
        return await Signals.Until(
            async () =>
            {
                using var response = await dispatcher.Client.GetAsync(path);
                var text = await response.Content.ReadAsStringAsync();
                // A grid worker has a track once their last position is stored (within 10 s of it).
                if (response.StatusCode == HttpStatusCode.NotFound && kind == "workers")
                {
                    return [];
                }

                Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
                return JsonDocument.Parse(text).RootElement.GetProperty("points").EnumerateArray().Select(point => point.Clone()).ToArray();
            },
            points => points.Length >= expected,
            $"{expected} points in the track of {kind}/{id}",
            points => string.Join("; ", points.Select(Describe)),
            TimeSpan.FromSeconds(40));
    }

    /// <summary>Whether the track's points are exactly these places, in this order.</summary>
    public static bool Are(IReadOnlyList<JsonElement> points, IReadOnlyList<(double Longitude, double Latitude)> places) =>
        points.Count == places.Count && points.Zip(places).All(pair =>
            Math.Abs(pair.First.GetProperty("longitude").GetDouble() - pair.Second.Longitude) < SamePlace
            && Math.Abs(pair.First.GetProperty("latitude").GetDouble() - pair.Second.Latitude) < SamePlace);

    public static string Describe(JsonElement point) =>
        $"{point.GetProperty("longitude").GetDouble():F6},{point.GetProperty("latitude").GetDouble():F6}@{point.GetProperty("takenAt").GetString()}";

    private static Geolocation At(double longitude, double latitude) =>
        new() { Longitude = (float)longitude, Latitude = (float)latitude, Accuracy = 15 };
}
