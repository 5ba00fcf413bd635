using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Web.Protection;

namespace RuleOfLaw.Web.Errors;

/// <summary>
/// Turns request-binding failures (malformed JSON, a string where a number belongs, a missing
/// body) into a 400 ValidationProblem that names the offending field, instead of a bare 400 or
/// a 500. Minimal APIs throw these only with <c>RouteHandlerOptions.ThrowOnBadRequest</c>; a body
/// over the limit is answered as <see cref="OversizedBodies"/> says.
/// </summary>
public sealed class BadRequestExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        if (badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await OversizedBodies.Problem(httpContext).ExecuteAsync(httpContext);
            return true;
        }

        var (field, message) = Describe(badRequest);
        var result = badRequest.StatusCode == StatusCodes.Status400BadRequest
            ? Problems.Invalid(field, message)
            : Problems.Problem(badRequest.StatusCode, Text.Of("请求无法处理。", "The request cannot be processed."), message);
        await result.ExecuteAsync(httpContext);
        return true;
    }

    private static (string Field, LocalizedText Message) Describe(BadHttpRequestException exception)
    {
        for (Exception? inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is JsonException json)
            {
                var field = FieldOf(json.Path);
                // The serializer's own message names internal types: say what the client can fix.
                return field == "body"
                    ? (field, Text.Of("请求体不是所需格式的 JSON 对象。", "The body is not a JSON object of the expected shape."))
                    : (field, Text.Of($"{field} 的类型或格式不对。", $"The value of '{field}' has the wrong type or format."));
            }
        }

        return ("body", Text.Of($"请求体无法读取：{exception.Message}", exception.Message));
    }

    /// <summary>Turns a JSON path such as <c>$.extension.value</c> into the field name <c>extension.value</c>.</summary>
    private static string FieldOf(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? "body" : path.TrimStart('$', '.');
}
