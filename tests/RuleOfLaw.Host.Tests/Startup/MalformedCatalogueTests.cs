using System.Diagnostics;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Startup;

/// <summary>A catalogue an administrator broke must stop the node with a message naming file, row and field.</summary>
public sealed class MalformedCatalogueTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"rol-bad-catalogue-{Guid.NewGuid():N}");

    public MalformedCatalogueTests()
    {
        var shipped = Path.Combine(Path.GetDirectoryName(NodeProcess.SiloAssembly())!, "Catalogue", "Data");
        Directory.CreateDirectory(Path.Combine(_folder, "catalogue"));
        foreach (var file in Directory.GetFiles(shipped, "*.csv"))
        {
            File.Copy(file, Path.Combine(_folder, "catalogue", Path.GetFileName(file)));
        }
    }

    [Fact]
    public async Task AMalformedCatalogueStopsStartUpNamingTheFileRowAndField()
    {
        var subcategories = Path.Combine(_folder, "catalogue", "subcategories.csv");
        var lines = await File.ReadAllLinesAsync(subcategories);
        lines[13] = lines[13].Replace(",WorkingHours,", ",Hours,", StringComparison.Ordinal).Replace(",WorkingDays,", ",Hours,", StringComparison.Ordinal)
            .Replace(",NaturalDays,", ",Hours,", StringComparison.Ordinal).Replace(",ContinuousHours,", ",Hours,", StringComparison.Ordinal);
        await File.WriteAllLinesAsync(subcategories, lines);

        var (exitCode, output) = await NodeCommand.Run(
            "--Catalogue:Directory", Path.Combine(_folder, "catalogue"),
            "--Storage:DataDirectory", Path.Combine(_folder, "data"),
            "--urls", "http://127.0.0.1:0");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("subcategories.csv row 14, field time_limit_unit", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
