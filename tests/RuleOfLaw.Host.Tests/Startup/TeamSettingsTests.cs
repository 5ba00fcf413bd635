using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Startup;

/// <summary>A local status name that would be ambiguous stops the node with a line naming the entry.</summary>
public sealed class TeamSettingsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"rol-bad-teams-{Guid.NewGuid():N}");

    [Fact]
    public async Task ALocalStatusCodeThatIsACanonicalNameStopsStartUpNamingTheEntry()
    {
        var (exitCode, output) = await NodeCommand.Run(
            "--Teams:LocalStatuses:0:Code", "OnScene",
            "--Teams:LocalStatuses:0:ZhCn", "到达",
            "--Teams:LocalStatuses:0:En", "Arrived",
            "--Teams:LocalStatuses:0:Meaning", "Arriving",
            "--Storage:DataDirectory", Path.Combine(_folder, "data"),
            "--urls", "http://127.0.0.1:0");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Teams:LocalStatuses:0 (OnScene): Code is a canonical status name", output, StringComparison.Ordinal);
        Assert.Contains("Teams:LocalStatuses:0 (OnScene): Meaning 'Arriving' is not one of", output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
