using System.Net;
using System.Net.Sockets;

namespace RuleOfLaw.Bench.Baselines;

/// <summary>
/// Loopback ports the OS reports free, never Orleans' defaults (11111/30000), which other
/// processes on a shared machine may hold.
/// </summary>
internal static class FreePorts
{
    /// <summary>Distinct free ports: all listeners stay open until every port is known.</summary>
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(listener => listener.Start());
            return listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(listener => listener.Stop());
        }
    }
}
