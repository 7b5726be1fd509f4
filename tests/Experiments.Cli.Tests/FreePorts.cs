using System.Net;
using System.Net.Sockets;

namespace Experiments.Cli.Tests;

/// <summary>Loopback ports nobody listens on right now: for the silo, and for a server that refuses connections.</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
