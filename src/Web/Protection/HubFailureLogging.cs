using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Logging;

namespace RuleOfLaw.Web.Protection;

/// <summary>
/// SignalR logs every exception a hub method throws at Error, message and all: refusals too,
/// whose text may quote what the caller sent (an area code, an id, a field of a position), and one
/// per refused message of a runaway client. Its dispatcher's category is therefore held above Error
/// (<see cref="SensitiveLogCategories"/>), and this filter, the outermost, logs what remains worth
/// an operator's attention: failures that are not refusals.
/// </summary>
public sealed partial class HubFailureLogging(ILogger<HubFailureLogging> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(
        HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (Exception exception) when (exception is not HubException)
        {
            LogFailure(logger, invocationContext.HubMethodName, exception);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Hub method {HubMethod} failed")]
    private static partial void LogFailure(ILogger logger, string hubMethod, Exception exception);
}
