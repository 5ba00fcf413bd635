using System.Net;
using System.Text;
using System.Text.Json;

namespace RuleOfLaw.Host.Tests.Infrastructure;

/// <summary>Status checks that show the body when they fail, and JSON bodies as the wire sees them.</summary>
public static class HttpExpectations
{
    public static async Task<JsonElement> Expect(this Task<HttpResponseMessage> request, HttpStatusCode status)
    {
        using var response = await request;
        return await response.Expect(status);
    }

    /// <summary>Asserts the exact status and returns the JSON body (default when the body is empty).</summary>
    public static async Task<JsonElement> Expect(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != status)
        {
            Assert.Fail(
                $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode} {response.StatusCode}, " +
                $"expected {(int)status} {status}. Body: {Shorten(text)}");
        }

        return Parse(text);
    }

    public static JsonElement Parse(string text) =>
        string.IsNullOrWhiteSpace(text) ? default : JsonDocument.Parse(text).RootElement.Clone();

    public static StringContent Json(object body) => Raw(JsonSerializer.Serialize(body));

    public static StringContent Raw(string json) => new(json, Encoding.UTF8, "application/json");

    public static string Shorten(string text) => text.Length <= 2000 ? text : text[..2000] + "…";

    /// <summary>The names under <c>errors</c> of a ValidationProblem.</summary>
    public static IReadOnlyList<string> ErrorFields(this JsonElement problem) =>
        problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object
            ? errors.EnumerateObject().Select(property => property.Name).ToList()
            : [];

    public static string Text(this JsonElement element, string property) =>
        element.GetProperty(property).GetString() ?? throw new InvalidOperationException($"{property} is null in {element}.");

    public static string[] Strings(this JsonElement element, string property) =>
        element.GetProperty(property).EnumerateArray().Select(item => item.GetString()!).ToArray();
}
