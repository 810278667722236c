using System.Net;
using System.Net.Sockets;
using Smarketing.AppHost.Hosting.Resources;

namespace Smarketing.AppHost.Hosting;

/// <summary>What every resource needs from the host: options, secrets, where to keep data, free ports, and the console.</summary>
internal sealed class HostContext(AppHostOptions options, Secrets secrets)
{
    private readonly HashSet<int> _taken = [];
    private static readonly ConsoleColor[] Colors =
        [ConsoleColor.Cyan, ConsoleColor.Green, ConsoleColor.Yellow, ConsoleColor.Magenta, ConsoleColor.Blue, ConsoleColor.DarkCyan, ConsoleColor.DarkYellow, ConsoleColor.DarkGreen];
    private readonly Dictionary<string, ConsoleColor> _colors = [];

    public AppHostOptions Options => options;
    public Secrets Secrets => secrets;
    public string DataDir => options.DataDir;

    /// <summary>Where the services export OTLP/HTTP (the dashboard's receiver, or the operator's collector), and the header it needs.</summary>
    public string? OtlpEndpoint { get; set; } = options.OtlpEndpoint;
    public string? OtlpHeaders { get; set; }

    public string PathFor(params string[] parts) => Path.Combine([options.DataDir, .. parts]);

    /// <summary>A free loopback port, never the same twice in one run.</summary>
    public int FreePort()
    {
        lock (_taken)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (_taken.Add(port)) return port;
            }
        }
    }

    public void Output(Resource resource, string line)
    {
        resource.Logs.Add(line);
        if (!options.EchoLogs) return;
        lock (_colors)
        {
            if (!_colors.TryGetValue(resource.Name, out var color)) _colors[resource.Name] = color = Colors[_colors.Count % Colors.Length];
            Console.ForegroundColor = color;
            Console.Write($"{resource.Name,-12}| ");
            Console.ResetColor();
            Console.WriteLine(line);
        }
    }

    public void Info(string message)
    {
        if (options.EchoLogs) Console.WriteLine($"apphost     | {message}");
    }
}
