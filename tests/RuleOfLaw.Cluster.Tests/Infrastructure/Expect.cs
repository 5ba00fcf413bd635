namespace RuleOfLaw.Cluster.Tests.Infrastructure;

/// <summary>Assertions over lists of findings that show the findings themselves when they fail.</summary>
public static class Expect
{
    /// <summary>Fails when there is any finding, listing the first ones in full (xunit's Assert.Empty cuts each to 50 characters).</summary>
    public static void None(IEnumerable<string> findings, string what)
    {
        var list = findings.ToList();
        Assert.True(list.Count == 0, $"{list.Count} {what}:\n{string.Join("\n", list.Take(20))}");
    }
}
