using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using RuleOfLaw.Grains.Common;

namespace RuleOfLaw.Web.Errors;

/// <summary>
/// RFC 9457 problem responses used by every endpoint, so all errors look alike. Texts are chosen
/// in the request's language (zh-CN unless the client asks for en, see <see cref="Languages"/>).
/// </summary>
public static class Problems
{
    public static ProblemHttpResult Invalid(string field, LocalizedText message) =>
        Invalid(new Dictionary<string, LocalizedText[]> { [field] = [message] });

    /// <summary>
    /// A 400 whose <c>errors</c> name each bad field (the ValidationProblem shape, as a
    /// ProblemHttpResult so that one result type covers every refusal).
    /// </summary>
    public static ProblemHttpResult Invalid(IReadOnlyDictionary<string, LocalizedText[]> errors) =>
        TypedResults.Problem(new HttpValidationProblemDetails(
            errors.ToDictionary(pair => pair.Key, pair => pair.Value.Select(Localize).ToArray()))
        {
            Title = Localize(Text.Of("请求有误。", "The request is invalid.")),
            Status = StatusCodes.Status400BadRequest,
        });

    public static ProblemHttpResult NotFound(LocalizedText detail) =>
        Problem(StatusCodes.Status404NotFound, Text.Of("未找到。", "Not found."), detail);

    public static ProblemHttpResult Forbidden(LocalizedText detail) =>
        Problem(StatusCodes.Status403Forbidden, Text.Of("无权访问。", "Forbidden."), detail);

    public static ProblemHttpResult Conflict(LocalizedText detail, IDictionary<string, object?>? extensions = null) =>
        Problem(StatusCodes.Status409Conflict, Text.Of("与当前状态冲突。", "Conflict with the current state."), detail, extensions);

    public static ProblemHttpResult Unprocessable(LocalizedText detail, IDictionary<string, object?>? extensions = null) =>
        Problem(StatusCodes.Status422UnprocessableEntity, Text.Of("请求无法执行。", "The request cannot be applied."), detail, extensions);

    public static ProblemHttpResult Problem(int status, LocalizedText title, LocalizedText detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(Localize(detail), statusCode: status, title: Localize(title), extensions: extensions);

    /// <summary>The text in the language of the current request.</summary>
    public static string Localize(LocalizedText text) => text.For(CultureInfo.CurrentUICulture.Name);
}
