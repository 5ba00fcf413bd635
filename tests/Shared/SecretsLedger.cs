using System.Text;

namespace RuleOfLaw.Tests.Shared;

/// <summary>
/// Every secret a test creates — a password it sets or signs in with, an access or refresh token,
/// a cookie value, an API key — is written down here with <see cref="Record"/>, so that the scan
/// of the whole run's logs (see <see cref="TestLogs"/>) looks for that exact value in every line
/// any node or test cluster wrote. Record a secret as soon as it exists, before it is sent:
/// <code>
/// var password = $"Pw-{Guid.NewGuid():N}";
/// SecretsLedger.Record(password);
/// </code>
/// Values shorter than <see cref="MinimumLength"/> characters are refused: they would match
/// ordinary text (test a too-short password without recording it). The only output allowed to
/// hold a recorded secret is the table of demo accounts a node prints at the first start of an
/// empty store, which the scan reads past; anywhere else the secret fails it. Without a log folder
/// (tests run outside tests/run.sh) this does nothing.
/// </summary>
public static class SecretsLedger
{
    public const int MinimumLength = 8;

    /// <summary>Ledger files end so; the scan reads every one in the log folder.</summary>
    public const string Extension = ".secrets";

    private static readonly Lock Gate = new();

    public static void Record(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.Length < MinimumLength)
        {
            throw new ArgumentException(
                $"A secret to look for in the logs must have at least {MinimumLength} characters; a shorter one matches ordinary text.", nameof(secret));
        }

        if (TestLogs.Directory is not { } directory)
        {
            return;
        }

        // One file per test process (assemblies run in parallel processes); one value per line,
        // Base64 so that a secret may hold any character.
        var file = Path.Combine(directory, $"ledger-{Environment.ProcessId}{Extension}");
        lock (Gate)
        {
            Directory.CreateDirectory(directory);
            File.AppendAllText(file, Convert.ToBase64String(Encoding.UTF8.GetBytes(secret)) + "\n");
        }
    }

    /// <summary>Every value recorded in the folder by any test process.</summary>
    public static IReadOnlyList<string> Read(string directory) =>
        Directory.EnumerateFiles(directory, "*" + Extension)
            .SelectMany(File.ReadLines)
            .Where(line => line.Length > 0)
            .Select(line => Encoding.UTF8.GetString(Convert.FromBase64String(line)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
}
