namespace RuleOfLaw.Bench.Node;

/// <summary>The checkout the harness runs from: the folder holding RuleOfLaw.sln.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "RuleOfLaw.sln")))
                {
                    return folder.FullName;
                }
            }
        }

        throw new InvalidOperationException($"No folder above {Environment.CurrentDirectory} or {AppContext.BaseDirectory} holds RuleOfLaw.sln.");
    }
}
