using System.Net;
using System.Net.Sockets;

namespace RuleOfLaw.Host.Tests.Infrastructure;

/// <summary>Ports the operating system hands out as free on 127.0.0.1, never a well-known one of the project.</summary>
public static class FreeLoopbackPorts
{
    /// <summary>Orleans' defaults, the node's defaults and its default HTTP port: other nodes on this machine may hold them.</summary>
    private static readonly HashSet<int> Reserved = [11111, 30000, 5080, 11311, 30311];

    public static (int Http, int Silo, int Gateway) Three()
    {
        var ports = Take(3);
        return (ports[0], ports[1], ports[2]);
    }

    /// <summary>Holds every listener until all are found, so the same port is not handed out twice.</summary>
    private static int[] Take(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            var ports = new List<int>();
            while (ports.Count < count)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (!Reserved.Contains(port))
                {
                    ports.Add(port);
                }
            }

            return [.. ports];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }
}
