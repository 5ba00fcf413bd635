namespace RuleOfLaw.Grains.Common;

/// <summary>
/// The durable store cannot be reached: the database server is down, refused the connection, or the
/// connection broke mid-call. Whatever the call meant to write is not acknowledged (it may or may not
/// have committed if the break came during the commit), so a caller retries with the same ids once the
/// store is back. It lives beside the contracts, not in the silo, so that the web edge can answer
/// 503 with Retry-After without knowing which database is behind the store.
/// </summary>
[GenerateSerializer, Alias("RuleOfLaw.Grains.Common.StoreUnavailableException")]
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException()
    {
    }

    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <param name="server">The store as an operator names it, e.g. <c>PostgreSQL at 10.0.0.5:5432 (database ruleoflaw)</c>.</param>
    /// <param name="reason">What went wrong, in a few words (e.g. <c>Connection refused</c>).</param>
    /// <param name="innerException">
    /// The driver's exception, if it can cross silos; the PostgreSQL store passes none (it logs it),
    /// because Orleans has no codec for Npgsql's exceptions.
    /// </param>
    public StoreUnavailableException(string server, string reason, Exception? innerException)
        : base($"{server} is unavailable: {reason}", innerException)
    {
        Server = server;
    }

    /// <summary>The store as an operator names it: engine, host:port and database; never credentials.</summary>
    [Id(0)]
    public string? Server { get; private set; }
}
