using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Recommender.Contracts.V1;
using Spectre.Console;

namespace Recommender.Cli;

/// <summary>
/// Everything a command needs: the settings, gRPC clients over one call invoker, and where to write.
/// Tests build one over the in-process server's channel and string writers.
/// </summary>
public sealed class CliContext : IDisposable
{
    private readonly IDisposable? _ownedChannel;

    public CliContext(CliSettings settings, CallInvoker invoker, IAnsiConsole console, TextWriter output, TextWriter error, IDisposable? ownedChannel = null)
    {
        Settings = settings;
        Console = console;
        Output = output;
        Error = error;
        _ownedChannel = ownedChannel;
        Invoker = settings.ApiKey is { Length: > 0 } key
            ? invoker.Intercept(metadata =>
            {
                metadata.Add("authorization", "Bearer " + key);
                return metadata;
            })
            : invoker;
        Catalog = new CatalogService.CatalogServiceClient(Invoker);
        Ratings = new RatingService.RatingServiceClient(Invoker);
        Models = new ModelService.ModelServiceClient(Invoker);
        Recommendations = new RecommendationService.RecommendationServiceClient(Invoker);
    }

    public CliSettings Settings { get; }

    public CallInvoker Invoker { get; }

    /// <summary>Tables, progress and notes for people.</summary>
    public IAnsiConsole Console { get; }

    /// <summary>Machine-readable output (<c>--json</c>).</summary>
    public TextWriter Output { get; }

    /// <summary>Errors and hints; never mixed into <see cref="Output"/>.</summary>
    public TextWriter Error { get; }

    public bool Json => Settings.Json;

    public CatalogService.CatalogServiceClient Catalog { get; }

    public RatingService.RatingServiceClient Ratings { get; }

    public ModelService.ModelServiceClient Models { get; }

    public RecommendationService.RecommendationServiceClient Recommendations { get; }

    /// <summary>A context with its own channel to <see cref="CliSettings.Server"/>.</summary>
    public static CliContext Connect(CliSettings settings, IAnsiConsole console, TextWriter output, TextWriter error)
    {
        var channel = GrpcChannel.ForAddress(settings.Server, new GrpcChannelOptions
        {
            MaxReceiveMessageSize = 64 * 1024 * 1024,
            HttpHandler = new SocketsHttpHandler
            {
                // A host that drops packets should fail in seconds, not hang the terminal.
                ConnectTimeout = TimeSpan.FromSeconds(5),
                EnableMultipleHttp2Connections = true,
            },
        });
        return new CliContext(settings, channel.CreateCallInvoker(), console, output, error, channel);
    }

    public void Dispose() => _ownedChannel?.Dispose();
}
