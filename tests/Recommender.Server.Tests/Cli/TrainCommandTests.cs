using System.Text.Json;
using Grpc.Core;
using Recommender.Cli;
using Recommender.Cli.Commands;
using Recommender.Contracts.V1;
using Recommender.Server.Tests.Infrastructure;
using Spectre.Console;
using Status = Grpc.Core.Status;

namespace Recommender.Server.Tests.Cli;

/// <summary>
/// The train command against a scripted progress stream, since the server's ModelService is
/// built elsewhere; what is checked is the client's side of the contract.
/// </summary>
public sealed class TrainCommandTests
{
    private static readonly TrainingProgress[] s_completedRun =
    [
        new() { State = "loading" },
        new() { Epoch = 1, Epochs = 2, TrainRmse = 1.1, ValidationRmse = 1.2, RatingsPerSecond = 250_000, State = "training" },
        new() { Epoch = 2, Epochs = 2, TrainRmse = 0.9, ValidationRmse = 0.95, RatingsPerSecond = 260_000, State = "training" },
        new() { Epoch = 2, Epochs = 2, TrainRmse = 0.9, ValidationRmse = 0.95, Done = true, ModelVersion = 7, State = "completed" },
    ];

    [Fact]
    public async Task Train_CompletedRun_ShowsEveryEpochAndTheNewVersion()
    {
        // Arrange
        var (context, _, console, _) = Context(new ScriptedInvoker(s_completedRun), json: false);

        // Act
        var exitCode = await TrainCommand.RunAsync(context, new TrainRequest { Epochs = 2 }, CancellationToken.None).WithTimeout();

        // Assert
        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("epoch 1/2  train RMSE 1.1000  validation RMSE 1.2000  250,000 ratings/s", console.ToString(), StringComparison.Ordinal);
        Assert.Contains("Model version 7 is serving", console.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_Json_WritesOneParsableObjectPerMessage()
    {
        // Arrange
        var (context, output, console, _) = Context(new ScriptedInvoker(s_completedRun), json: true);

        // Act
        var exitCode = await TrainCommand.RunAsync(context, new TrainRequest(), CancellationToken.None).WithTimeout();

        // Assert
        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Equal("", console.ToString());
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        using var last = JsonDocument.Parse(lines[^1]);
        Assert.Equal("completed", last.RootElement.GetProperty("state").GetString());
        Assert.Equal("7", last.RootElement.GetProperty("modelVersion").ToString());
    }

    [Fact]
    public async Task Train_Interrupted_DetachesWithoutCancellingTheRun()
    {
        // Arrange
        var invoker = new ScriptedInvoker(s_completedRun[..2], hangAtEnd: true);
        var (context, _, _, error) = Context(invoker, json: false);
        using var ctrlC = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        // Act
        var exitCode = await TrainCommand.RunAsync(context, new TrainRequest(), ctrlC.Token).WithTimeout();

        // Assert
        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("The training run continues on the server", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("recommender train", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(invoker.Methods, m => m.Contains("CancelTraining", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Train_FailedRun_ExitsWithErrorAndServerMessage()
    {
        // Arrange
        var invoker = new ScriptedInvoker([new TrainingProgress { Done = true, State = "failed", Message = "no ratings to train on" }]);
        var (context, _, _, error) = Context(invoker, json: false);

        // Act
        var exitCode = await TrainCommand.RunAsync(context, new TrainRequest(), CancellationToken.None).WithTimeout();

        // Assert
        Assert.Equal(ExitCodes.Error, exitCode);
        Assert.Contains("training failed: no ratings to train on", error.ToString(), StringComparison.Ordinal);
    }

    private static (CliContext Context, StringWriter Output, StringWriter Console, StringWriter Error) Context(CallInvoker invoker, bool json)
    {
        var output = new StringWriter();
        var console = new StringWriter();
        var error = new StringWriter();
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(console),
        });
        ansi.Profile.Width = 200;
        var settings = new CliSettings(new Uri(CliSettings.DefaultServer), null, json);
        return (new CliContext(settings, invoker, ansi, output, error), output, console, error);
    }

    /// <summary>Answers Train with the given messages, then ends or waits to be cancelled.</summary>
    private sealed class ScriptedInvoker(IReadOnlyList<TrainingProgress> messages, bool hangAtEnd = false) : CallInvoker
    {
        public List<string> Methods { get; } = [];

        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
            Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
        {
            Methods.Add(method.FullName);
            var reader = new Reader<TResponse>(messages.Cast<TResponse>().ToList(), hangAtEnd);
            return new AsyncServerStreamingCall<TResponse>(reader, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
        }

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
        {
            Methods.Add(method.FullName);
            throw new NotSupportedException();
        }

        public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
            throw new NotSupportedException();

        public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
            throw new NotSupportedException();

        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
            throw new NotSupportedException();
    }

    private sealed class Reader<T>(List<T> messages, bool hangAtEnd) : IAsyncStreamReader<T>
    {
        private int _next;

        public T Current { get; private set; } = default!;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (_next < messages.Count)
            {
                Current = messages[_next++];
                return true;
            }

            if (hangAtEnd)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            return false;
        }
    }
}
