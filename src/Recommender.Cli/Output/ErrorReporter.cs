using System.Text;
using Grpc.Core;

namespace Recommender.Cli.Output;

/// <summary>Words for gRPC failures: the server's message, plus what to do about it.</summary>
public static class ErrorReporter
{
    public const string StartHint = "Start it with: dotnet run --project src/Recommender.Server";

    public const string TrainHint = "train a model first: recommender train";

    public static async Task<int> ReportAsync(CliContext context, RpcException exception)
    {
        var (message, exitCode) = Describe(context.Settings, exception);
        await context.Error.WriteLineAsync(message);
        return exitCode;
    }

    public static (string Message, int ExitCode) Describe(CliSettings settings, RpcException exception)
    {
        var server = settings.Server.GetLeftPart(UriPartial.Authority);
        var detail = exception.Status.Detail;
        return exception.StatusCode switch
        {
            StatusCode.Unavailable when exception.Status.DebugException is not null || detail.Contains("connect", StringComparison.OrdinalIgnoreCase) =>
                ($"Cannot reach the server at {server}. {StartHint}\n(or point --server / {CliSettings.ServerVariable} at a running server)", ExitCodes.Unreachable),
            StatusCode.Unavailable =>
                ($"error: UNAVAILABLE: the server at {server} is not serving: {detail}", ExitCodes.Unreachable),
            StatusCode.FailedPrecondition when detail.Contains("model", StringComparison.OrdinalIgnoreCase) =>
                ($"error: FAILED_PRECONDITION: {detail}\n{TrainHint}", ExitCodes.Error),
            StatusCode.Unimplemented =>
                ($"error: UNIMPLEMENTED: the server at {server} does not offer this call yet; update the server", ExitCodes.Error),
            StatusCode.Unauthenticated when settings.ApiKey is null =>
                ($"error: UNAUTHENTICATED: {detail}\nThe server at {server} needs an API key: pass it with --api-key <key> or set {CliSettings.ApiKeyVariable}", ExitCodes.AuthFailed),
            StatusCode.Unauthenticated =>
                ($"error: UNAUTHENTICATED: {detail}\nThe server at {server} did not accept the key given by --api-key / {CliSettings.ApiKeyVariable}; check it, or ask the server's admin for a key", ExitCodes.AuthFailed),
            StatusCode.PermissionDenied =>
                ($"error: PERMISSION_DENIED: {detail}\nThis needs a key with a stronger role (reader < writer < admin); ask the server's admin", ExitCodes.AuthFailed),
            StatusCode.InvalidArgument or StatusCode.OutOfRange =>
                ($"error: {Name(exception.StatusCode)}: {detail}", ExitCodes.Usage),
            _ => ($"error: {Name(exception.StatusCode)}: {detail}", ExitCodes.Error),
        };
    }

    /// <summary>NotFound → NOT_FOUND, the name gRPC documentation and grpcurl use.</summary>
    public static string Name(StatusCode code)
    {
        var text = code.ToString();
        var name = new StringBuilder(text.Length + 4);
        for (var i = 0; i < text.Length; i++)
        {
            if (i > 0 && char.IsUpper(text[i]))
            {
                name.Append('_');
            }

            name.Append(char.ToUpperInvariant(text[i]));
        }

        return name.ToString();
    }
}
