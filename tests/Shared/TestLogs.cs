using System.Text;

namespace RuleOfLaw.Tests.Shared;

/// <summary>
/// Where a test run keeps the log output of everything it starts. tests/run.sh names a fresh folder
/// in <c>RULEOFLAW_TEST_LOG_DIR</c>; each node process (stdout and stderr), each one-shot node
/// command and each in-process test cluster writes a <c>*.log</c> file there, and after the last test
/// assembly has run, the log scan (RuleOfLaw.Host.Tests, Protection/FullRunLogScanTests) reads them
/// all for secrets and personal data. Without the variable nothing is written.
/// </summary>
public static class TestLogs
{
    public const string DirectoryVariable = "RULEOFLAW_TEST_LOG_DIR";

    public const string Extension = ".log";

    /// <summary>The run's log folder, or null when the tests run outside tests/run.sh.</summary>
    public static string? Directory =>
        Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } directory ? directory : null;

    /// <summary>A new file for one source of output (<paramref name="name"/> says which), or null without a log folder.</summary>
    public static string? PathFor(string name)
    {
        if (Directory is not { } directory)
        {
            return null;
        }

        System.IO.Directory.CreateDirectory(directory);
        return Path.Combine(directory, $"{name}-{Guid.NewGuid():N}{Extension}");
    }

    /// <summary>A writer that flushes every line (a killed test host loses nothing), or null without a log folder.</summary>
    public static StreamWriter? CreateWriter(string name) =>
        PathFor(name) is { } path ? new StreamWriter(path, append: true, new UTF8Encoding(false)) { AutoFlush = true } : null;
}
