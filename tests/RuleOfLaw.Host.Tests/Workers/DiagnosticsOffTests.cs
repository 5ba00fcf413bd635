using System.Net;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Workers;

/// <summary>The diagnostics endpoint exists only where it was switched on.</summary>
[Collection(RestartableNodeCollection.Name)]
public sealed class DiagnosticsOffTests(RestartableNode node)
{
    [Fact]
    public async Task ANodeWithoutDiagnosticsHasNoDiagnosticsEndpoint()
    {
        using var administrator = node.Client(Role.Administrator);

        await administrator.GetAsync("api/diagnostics/runtime").Expect(HttpStatusCode.NotFound);
    }
}
