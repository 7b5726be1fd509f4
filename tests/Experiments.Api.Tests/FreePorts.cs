using System.Net;
using System.Net.Sockets;

namespace Experiments.Api.Tests;

/// <summary>Free loopback ports, so the test hosts' silos do not collide.</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
