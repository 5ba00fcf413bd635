using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using RuleOfLaw.Grains.Common;

namespace RuleOfLaw.Web.Errors;

/// <summary>
/// Turns "not now" into 503 with Retry-After instead of a 500: the database is unreachable, or the
/// cluster is moving grains off a node that just died. Nothing was acknowledged, and every
/// command carries its own id, so the client's retry with the same id is safe.
/// </summary>
public sealed partial class UnavailableExceptionHandler(ILogger<UnavailableExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>Long enough for a dead node to be declared dead (about 3 s) or a database restart to begin.</summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var reason = Reason(exception);
        if (reason is null)
        {
            return false;
        }

        LogUnavailable(logger, exception.GetType().Name, exception.Message);
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Problems.Problem(StatusCodes.Status503ServiceUnavailable, Text.Of("服务暂时不可用。", "The service is unavailable for a moment."), reason)
            .ExecuteAsync(httpContext);
        return true;
    }

    private static LocalizedText? Reason(Exception exception)
    {
        for (Exception? inner = exception; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case StoreUnavailableException:
                    return Text.Of(
                        $"数据库暂时无法访问，操作未获确认。请于 {RetryAfterSeconds} 秒后用同一编号重试。",
                        $"The database cannot be reached; the change was not acknowledged. Retry with the same id in {RetryAfterSeconds} s.");
                case SiloUnavailableException or OrleansMessageRejectionException:
                    return Text.Of(
                        $"集群正在切换节点，操作未执行。请于 {RetryAfterSeconds} 秒后用同一编号重试。",
                        $"The cluster is moving work off a node; nothing was done. Retry with the same id in {RetryAfterSeconds} s.");
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answered 503: {ExceptionType}: {Message}")]
    private static partial void LogUnavailable(ILogger logger, string exceptionType, string message);
}
