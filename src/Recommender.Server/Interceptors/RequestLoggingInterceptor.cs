using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Recommender.Server.Logging;

namespace Recommender.Server.Interceptors;

/// <summary>
/// One log line per call: method, status, duration, peer and the key's name, in category <c>Recommender.Requests</c>
/// (Information when OK, Warning otherwise). Lower it with
/// <c>Logging:LogLevel:Recommender.Requests=Warning</c> to keep only failures.
/// </summary>
internal sealed class RequestLoggingInterceptor(ILoggerFactory loggerFactory) : Interceptor
{
    public const string Category = "Recommender.Requests";

    private readonly ILogger _logger = loggerFactory.CreateLogger(Category);

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await continuation(request, context);
            Log(context, started, null);
            return response;
        }
        catch (Exception ex)
        {
            Log(context, started, ex);
            throw;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await continuation(requestStream, context);
            Log(context, started, null);
            return response;
        }
        catch (Exception ex)
        {
            Log(context, started, ex);
            throw;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await continuation(request, responseStream, context);
            Log(context, started, null);
        }
        catch (Exception ex)
        {
            Log(context, started, ex);
            throw;
        }
    }

    private void Log(ServerCallContext context, long started, Exception? exception)
    {
        if (!_logger.IsEnabled(exception is null ? LogLevel.Information : LogLevel.Warning))
        {
            return;
        }

        var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var caller = context.GetHttpContext().User.Identity?.Name ?? "anonymous";
        if (exception is null)
        {
            ServerLog.RequestSucceeded(_logger, context.Method, elapsedMs, context.Peer, caller);
        }
        else
        {
            // After ExceptionMappingInterceptor only RpcExceptions arrive here; anything else grpc-dotnet reports as UNKNOWN.
            var status = exception is RpcException rpc ? rpc.Status : new Grpc.Core.Status(StatusCode.Unknown, exception.GetType().Name);
            ServerLog.RequestFailed(_logger, context.Method, status.StatusCode, elapsedMs, context.Peer, caller, status.Detail);
        }
    }
}
