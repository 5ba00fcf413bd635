using System.Net;
using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Startup;

/// <summary>A running node tells an orchestrator that it is alive, and whether its store and cluster let it take traffic.</summary>
[Collection(SharedNodeCollection.Name)]
public sealed class ReadinessTests(SharedNode node)
{
    [Fact]
    public async Task AnEmbeddedNodeIsReadyWithItsStoreAnsweringAndItselfTheOnlyActiveMember()
    {
        using var anonymous = node.Anonymous();

        var ready = await anonymous.GetAsync("health/ready").Expect(HttpStatusCode.OK);

        Assert.Equal("ok", ready.GetProperty("status").GetString());
        Assert.Equal("ok", ready.GetProperty("storage").GetProperty("status").GetString());
        Assert.Equal("Active", ready.GetProperty("cluster").GetProperty("siloStatus").GetString());
        Assert.Equal(1, ready.GetProperty("cluster").GetProperty("activeNodes").GetInt32());
        await anonymous.GetAsync("health").Expect(HttpStatusCode.OK);
    }
}
