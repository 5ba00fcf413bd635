using System.Collections.Concurrent;

namespace RuleOfLaw.Bench.Measurements;

/// <summary>Errors by kind (<c>report:http-409</c>, <c>dashboard:connect</c>, …), counted from any thread.</summary>
public sealed class ErrorCounter
{
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public long Total => _counts.Values.Sum();

    public void Add(string kind, long count = 1) => _counts.AddOrUpdate(kind, count, (_, current) => current + count);

    public IReadOnlyDictionary<string, long> Snapshot() =>
        _counts.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);

    /// <summary>A short name for an exception that ended a request, so errors group by cause.</summary>
    public static string KindOf(Exception exception) => exception switch
    {
        TaskCanceledException or OperationCanceledException or TimeoutException => "timeout",
        HttpRequestException { HttpRequestError: var error } when error != HttpRequestError.Unknown => $"http-{error}".ToLowerInvariant(),
        HttpRequestException => "http-exception",
        System.Net.Sockets.SocketException socket => $"socket-{socket.SocketErrorCode}".ToLowerInvariant(),
        IOException => "io",
        _ => exception.GetType().Name,
    };
}
