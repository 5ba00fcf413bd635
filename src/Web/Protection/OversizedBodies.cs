using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Web.Errors;

namespace RuleOfLaw.Web.Protection;

/// <summary>
/// A body over the limit is refused by the server while the endpoint reads it. Whichever way the
/// refusal surfaces (the JSON binder answers a bare "Content Too Large" problem; an endpoint that
/// reads the body itself throws), the client is told the same thing: the limit that applied to
/// this request (64 KiB for the API, more for an upload endpoint).
/// </summary>
public static class OversizedBodies
{
    public static readonly LocalizedText Title = Text.Of("请求体过大。", "The request body is too large.");

    /// <summary>The 413 of an endpoint that read the body itself (and let the server's exception through).</summary>
    public static ProblemHttpResult Problem(HttpContext context)
    {
        var limit = LimitOf(context);
        return Problems.Problem(
            StatusCodes.Status413PayloadTooLarge,
            Title,
            Detail(limit),
            limit is null ? null : new Dictionary<string, object?> { ["maxBodyBytes"] = limit });
    }

    /// <summary>Fills in the framework's own 413 problem, which says no more than its status.</summary>
    public static void Explain(ProblemDetailsContext problem)
    {
        if (problem.ProblemDetails.Status != StatusCodes.Status413PayloadTooLarge || problem.ProblemDetails.Detail is not null)
        {
            return;
        }

        var limit = LimitOf(problem.HttpContext);
        problem.ProblemDetails.Title = Problems.Localize(Title);
        problem.ProblemDetails.Detail = Problems.Localize(Detail(limit));
        if (limit is not null)
        {
            problem.ProblemDetails.Extensions["maxBodyBytes"] = limit;
        }
    }

    private static long? LimitOf(HttpContext context) => context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;

    private static LocalizedText Detail(long? limit) => limit is { } bytes
        ? Text.Of($"请求体超过本接口 {Size(bytes)} 的上限。", $"The request body is larger than this endpoint's limit of {Size(bytes)}.")
        : Text.Of("请求体超过本接口的上限。", "The request body is larger than this endpoint accepts.");

    private static string Size(long bytes) => bytes % (1024 * 1024) == 0
        ? $"{(bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture)} MiB"
        : bytes % 1024 == 0
            ? $"{(bytes / 1024).ToString(CultureInfo.InvariantCulture)} KiB"
            : $"{bytes.ToString(CultureInfo.InvariantCulture)} B";
}
