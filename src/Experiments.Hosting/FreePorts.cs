using System.Net;
using System.Net.Sockets;

namespace Experiments.Hosting;

/// <summary>Free loopback ports, so two embedded runs (or tests) on one machine do not collide.</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
