using RuleOfLaw.Host.Tests.Infrastructure;
using RuleOfLaw.Tests.Shared;

namespace RuleOfLaw.Host.Tests.Protection;

/// <summary>
/// The scan of everything the run logged (<see cref="TestLogs"/>), run by tests/run.sh after every
/// test assembly has finished: no line of any node, node command or test cluster may hold a secret
/// a test recorded (<see cref="SecretsLedger"/>), the fake citizen's personal data tests send
/// (<see cref="PersonalDataMarkers"/>), or anything shaped like a token, cookie, Authorization
/// header or connection-string password. Elsewhere (a plain <c>dotnet test</c>) it is skipped: it
/// means something only over the logs of a whole run.
/// </summary>
public sealed class FullRunLogScanTests
{
    /// <summary>Set by tests/run.sh for the run of this class alone, after all the others.</summary>
    public const string Variable = "RULEOFLAW_TEST_LOG_SCAN";

    [FullRunFact]
    public void NoLogOfTheWholeRunHoldsASecretATokenOrCitizenPersonalData()
    {
        var directory = TestLogs.Directory!;
        var logs = Directory.GetFiles(directory, "*" + TestLogs.Extension).Order(StringComparer.Ordinal).ToList();
        Assert.True(logs.Count > 0, $"No {TestLogs.Extension} file in {directory}: the nodes' output was not captured.");

        // The probe node logs at Trace; its file without a single debug line would mean the scan
        // looked at a quiet log and proved nothing about the verbose one.
        var probe = logs.Where(log => Path.GetFileName(log).StartsWith(nameof(VerboseNode) + "-", StringComparison.Ordinal)).ToList();
        Assert.True(
            probe.Any(log => File.ReadLines(log).Any(line => line.StartsWith("dbug:", StringComparison.Ordinal) || line.StartsWith("trce:", StringComparison.Ordinal))),
            $"The leak probe's node ({nameof(VerboseNode)}) left no log at Debug or Trace in {directory}.");

        var secrets = SecretsLedger.Read(directory);
        Assert.True(secrets.Count > 0, $"No secret was recorded in {directory}: the leak probe did not run.");
        var known = secrets.Select(secret => new KnownValue(secret, "a secret recorded by a test"))
            .Concat(PersonalDataMarkers.Named.Select(marker => new KnownValue(marker.Value, marker.What)))
            .ToList();

        var findings = logs.SelectMany(log => LogScanner.Scan(Path.GetFileName(log), File.ReadLines(log), known)).ToList();

        Assert.True(
            findings.Count == 0,
            $"{findings.Count} log lines in {directory} hold what no log may hold:\n{string.Join('\n', findings.Take(40))}");
    }
}

/// <summary>A fact that runs only where tests/run.sh asks for the scan of the whole run.</summary>
public sealed class FullRunFactAttribute : FactAttribute
{
    public FullRunFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(FullRunLogScanTests.Variable) != "1" || TestLogs.Directory is null)
        {
            Skip = $"Runs last in tests/run.sh, over the logs of the whole run ({FullRunLogScanTests.Variable}=1 and {TestLogs.DirectoryVariable}).";
        }
    }
}
