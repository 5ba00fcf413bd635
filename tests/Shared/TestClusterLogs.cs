using Microsoft.Extensions.Logging;
using Orleans.TestingHost;
using Orleans.TestingHost.Logging;

namespace RuleOfLaw.Tests.Shared;

/// <summary>In-process test clusters write their silos' and client's logs to the run's log folder (<see cref="TestLogs"/>).</summary>
public static class TestClusterLogs
{
    /// <summary>
    /// Instead of the test host's own <c>bin/…/logs</c> files, which no scan reads and which pile
    /// up across runs; unchanged when the tests run outside tests/run.sh.
    /// </summary>
    public static InProcessTestClusterBuilder LogToTestRun(this InProcessTestClusterBuilder builder, string name)
    {
        if (TestLogs.Directory is null)
        {
            return builder;
        }

        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSiloHost((silo, host) => host.Logging.AddFile(TestLogs.PathFor($"{name}-{silo.SiloName}")!));
        builder.ConfigureClientHost(host => host.Logging.AddFile(TestLogs.PathFor($"{name}-client")!));
        return builder;
    }
}
