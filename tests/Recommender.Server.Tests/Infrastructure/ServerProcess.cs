using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Recommender.Contracts.V1;

namespace Recommender.Server.Tests.Infrastructure;

/// <summary>
/// The real server as a separate process (<c>dotnet Recommender.Server.dll</c>, copied beside the
/// test assembly by the project reference) on a free loopback port, so a test can kill it with
/// SIGKILL or stop it with SIGTERM and restart it on the same database file.
/// Shared by the fault tests and the benchmarks' <c>load</c> report (linked there), so it uses
/// nothing from xunit.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ServerProcess(Process process, string databasePath, Uri address)
    {
        _process = process;
        DatabasePath = databasePath;
        Address = address;
        Channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 * 1024 });
        Catalog = new CatalogService.CatalogServiceClient(Channel);
        Ratings = new RatingService.RatingServiceClient(Channel);
        Models = new ModelService.ModelServiceClient(Channel);
        Recommendations = new RecommendationService.RecommendationServiceClient(Channel);
        Health = new Health.HealthClient(Channel);
    }

    public string DatabasePath { get; }

    public Uri Address { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public GrpcChannel Channel { get; }

    public CatalogService.CatalogServiceClient Catalog { get; }

    public RatingService.RatingServiceClient Ratings { get; }

    public ModelService.ModelServiceClient Models { get; }

    public RecommendationService.RecommendationServiceClient Recommendations { get; }

    public Health.HealthClient Health { get; }

    /// <summary>Everything the server wrote to stdout and stderr so far (for failure messages).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the server on <paramref name="databasePath"/> and waits until health answers SERVING.</summary>
    /// <param name="settings">Extra configuration, passed as <c>--Key=Value</c> arguments.</param>
    public static async Task<ServerProcess> StartAsync(string databasePath, IReadOnlyDictionary<string, string>? settings = null)
    {
        var folder = AppContext.BaseDirectory;
        var dll = Path.Combine(folder, "Recommender.Server.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("the server is not built beside this assembly", dll);
        }

        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            // The folder holds appsettings.json; the content root is the working folder.
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add($"--Recommender:Database={databasePath}");
        start.ArgumentList.Add($"--Kestrel:Endpoints:Grpc:Url={address}");
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = new Process { StartInfo = start };
        var server = new ServerProcess(process, databasePath, address);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await server.WaitUntilServingAsync();
        return server;
    }

    /// <summary>SIGKILL: the process dies at once, with no chance to flush or record anything.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as a service manager or container runtime stops a process; returns the exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(wait.Token);
        return _process.ExitCode;
    }

    /// <summary>The server's working set now (0 once it has exited).</summary>
    public long WorkingSetBytes()
    {
        try
        {
            _process.Refresh();
            return _process.HasExited ? 0 : _process.WorkingSet64;
        }
        catch (InvalidOperationException)
        {
            return 0;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task WaitUntilServingAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the server exited with code {_process.ExitCode} before serving:\n{Output}");
            }

            try
            {
                var reply = await Health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2));
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException)
            {
                // Not listening yet.
            }

            if (deadline.Elapsed > s_startTimeout)
            {
                throw new TimeoutException($"the server did not serve within {s_startTimeout.TotalSeconds} s:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>A port nothing listens on now; the server binds it a moment later.</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
