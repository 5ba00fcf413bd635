using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Startup;

/// <summary>Clock settings a node cannot use stop it at start, each line naming the setting.</summary>
public sealed class ClockSettingsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"rol-bad-clocks-{Guid.NewGuid():N}");

    [Fact]
    public async Task ALimitWithoutItsPartnerARungBeforeTheOneBelowAndAZeroRefreshStopStartUp()
    {
        var (exitCode, output) = await NodeCommand.Run(
            "--Clocks:Register:Normal", "00:20:00",
            "--Clocks:EscalateAfterDue:0", "00:00:00",
            "--Clocks:EscalateAfterDue:1", "04:00:00",
            "--Clocks:EscalateAfterDue:2", "02:00:00",
            "--Clocks:CalendarRefresh", "00:00:00",
            "--Storage:DataDirectory", Path.Combine(_folder, "data"),
            "--urls", "http://127.0.0.1:0");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Clocks:Register: Normal and Urgent must both be set", output, StringComparison.Ordinal);
        Assert.Contains("Clocks:EscalateAfterDue:2 (02:00:00) comes before the rung below it (04:00:00)", output, StringComparison.Ordinal);
        Assert.Contains("Clocks:CalendarRefresh must be greater than 0", output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
