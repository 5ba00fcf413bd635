namespace RuleOfLaw.Grains.Users;

/// <summary>
/// One signed-in app or integration: the hash of its current refresh token and of the tokens it
/// rotated away (kept to recognise reuse). Only SHA-256 hashes are stored, never a token.
/// </summary>
[GenerateSerializer, Alias("RuleOfLaw.Grains.Users.RefreshSession")]
public sealed class RefreshSession
{
    [Id(0)]
    public string CurrentHash { get; set; } = "";

    [Id(1)]
    public List<string> RotatedHashes { get; set; } = [];

    [Id(2)]
    public DateTimeOffset CreatedAt { get; set; }

    [Id(3)]
    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>
/// Refresh token rotation (OAuth 2.0 Security BCP §4.14): each use of a refresh token replaces it by
/// a new one; a replaced token presented again means two parties hold the same session, so every
/// session of the account ends. Pure: the user grain keeps the list and persists it.
/// </summary>
public static class RefreshSessions
{
    /// <summary>Sessions beyond this many (the oldest first) are dropped when a new one opens.</summary>
    public const int MaxSessions = 20;

    /// <summary>Rotated hashes remembered per session for reuse detection.</summary>
    public const int MaxRotatedHashes = 50;

    public static void Open(List<RefreshSession> sessions, string tokenHash, DateTimeOffset now, TimeSpan lifetime)
    {
        sessions.RemoveAll(session => session.ExpiresAt <= now);
        sessions.Add(new RefreshSession { CurrentHash = tokenHash, CreatedAt = now, ExpiresAt = now + lifetime });
        if (sessions.Count > MaxSessions)
        {
            sessions.RemoveRange(0, sessions.Count - MaxSessions);
        }
    }

    /// <summary>Replaces the presented token by <paramref name="newHash"/>, or says why it cannot.</summary>
    /// <remarks>On <see cref="RefreshOutcome.Reused"/> the list is emptied: the caller also ends every other session.</remarks>
    public static RefreshOutcome Rotate(
        List<RefreshSession> sessions, string presentedHash, string newHash, DateTimeOffset now, TimeSpan lifetime)
    {
        var current = sessions.Find(session => session.CurrentHash == presentedHash);
        if (current is not null)
        {
            if (current.ExpiresAt <= now)
            {
                sessions.Remove(current);
                return RefreshOutcome.Expired;
            }

            current.RotatedHashes.Add(current.CurrentHash);
            if (current.RotatedHashes.Count > MaxRotatedHashes)
            {
                current.RotatedHashes.RemoveAt(0);
            }

            current.CurrentHash = newHash;
            current.ExpiresAt = now + lifetime;
            return RefreshOutcome.Rotated;
        }

        if (sessions.Exists(session => session.RotatedHashes.Contains(presentedHash)))
        {
            sessions.Clear();
            return RefreshOutcome.Reused;
        }

        return RefreshOutcome.Unknown;
    }

    /// <summary>Ends the session the token belongs to (current or rotated); false when none does.</summary>
    public static bool Revoke(List<RefreshSession> sessions, string tokenHash) =>
        sessions.RemoveAll(session => session.CurrentHash == tokenHash || session.RotatedHashes.Contains(tokenHash)) > 0;
}
