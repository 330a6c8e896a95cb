using Grpc.Core;
using Recommender.Cli;
using Recommender.Cli.Output;
using Spectre.Console;
using Status = Grpc.Core.Status;

namespace Recommender.Server.Tests.Cli;

public sealed class ConnectionTests
{
    private const string NoServer = "http://127.0.0.1:1";

    [Fact]
    public async Task Ratings_ServerNotRunning_ExitsWithUnreachableAndStartHint()
    {
        // Act
        var result = await CliHarness.RunAsync(["--server", NoServer, "ratings", "alice"]);

        // Assert
        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.StartsWith(
            "Cannot reach the server at http://127.0.0.1:1. Start it with: dotnet run --project src/Recommender.Server",
            result.Error,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Model_ServerFromEnvironmentNotRunning_NamesThatAddress()
    {
        // Act
        var result = await CliHarness.RunAsync(["--json", "model"], new Dictionary<string, string> { [CliSettings.ServerVariable] = NoServer });

        // Assert
        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains("Cannot reach the server at http://127.0.0.1:1.", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task Run_ServerNotAUrl_ExitsWithUsage()
    {
        // Act
        var result = await CliHarness.RunAsync(["--server", "ftp://example.org", "model"]);

        // Assert
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--server must be an http:// or https:// address", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--api-key", "s3cret", null)]
    [InlineData(null, null, "s3cret")]
    public async Task Call_ApiKeyFromOptionOrEnvironment_SendsBearerHeader(string? option, string? value, string? variable)
    {
        // Arrange
        var invoker = new RecordingInvoker();
        var environment = new CliEnvironment
        {
            Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new StringWriter()) }),
            Output = new StringWriter(),
            Error = new StringWriter(),
            GetVariable = name => name == CliSettings.ApiKeyVariable ? variable : null,
            Connect = (settings, e) => new CliContext(settings, invoker, e.Console, e.Output, e.Error),
        };
        string[] args = option is null ? ["ratings", "alice"] : [option, value!, "ratings", "alice"];

        // Act
        await CliApp.RunAsync(args, environment);

        // Assert
        Assert.Equal("Bearer s3cret", invoker.Headers?.GetValue("authorization"));
    }

    [Fact]
    public async Task Call_NoApiKey_SendsNoAuthorization()
    {
        // Arrange
        var invoker = new RecordingInvoker();
        var environment = new CliEnvironment
        {
            Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new StringWriter()) }),
            Output = new StringWriter(),
            Error = new StringWriter(),
            GetVariable = _ => null,
            Connect = (settings, e) => new CliContext(settings, invoker, e.Console, e.Output, e.Error),
        };

        // Act
        await CliApp.RunAsync(["ratings", "alice"], environment);

        // Assert
        Assert.Null(invoker.Headers?.GetValue("authorization"));
    }

    [Theory]
    [InlineData(StatusCode.FailedPrecondition, "no model has been trained yet", ExitCodes.Error, "train a model first: recommender train")]
    [InlineData(StatusCode.NotFound, "movie 'x' is not known", ExitCodes.Error, "error: NOT_FOUND: movie 'x' is not known")]
    [InlineData(StatusCode.InvalidArgument, "limit: must be between 1 and 1000, got 0", ExitCodes.Usage, "error: INVALID_ARGUMENT: limit")]
    [InlineData(StatusCode.Unimplemented, "", ExitCodes.Error, "does not offer this call yet")]
    [InlineData(StatusCode.Unauthenticated, "missing key", ExitCodes.AuthFailed, "--api-key <key> or set RECOMMENDER_API_KEY")]
    [InlineData(StatusCode.PermissionDenied, "role reader", ExitCodes.AuthFailed, "stronger role")]
    public void Describe_Status_SaysWhatToDo(StatusCode code, string detail, int exitCode, string expected)
    {
        // Arrange
        var settings = new CliSettings(new Uri(CliSettings.DefaultServer), null, false);

        // Act
        var (message, actualExitCode) = ErrorReporter.Describe(settings, new RpcException(new Status(code, detail)));

        // Assert
        Assert.Equal(exitCode, actualExitCode);
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    /// <summary>Records the headers of the first call and fails it, as a server without the RPC would.</summary>
    private sealed class RecordingInvoker : CallInvoker
    {
        public Metadata? Headers { get; private set; }

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
        {
            Headers ??= options.Headers;
            return new AsyncUnaryCall<TResponse>(
                Task.FromException<TResponse>(new RpcException(new Status(StatusCode.Unimplemented, ""))),
                Task.FromResult(new Metadata()),
                () => new Status(StatusCode.Unimplemented, ""),
                () => [],
                () => { });
        }

        public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
            throw new NotSupportedException();

        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
            throw new NotSupportedException();

        public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
            throw new NotSupportedException();

        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
            throw new NotSupportedException();
    }
}
