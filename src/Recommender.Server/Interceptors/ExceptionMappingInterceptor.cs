using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Data.Sqlite;
using Recommender.Core;
using Recommender.Server.Logging;
using Recommender.Server.Validation;

namespace Recommender.Server.Interceptors;

/// <summary>
/// Turns domain exceptions into chosen status codes, so services never catch. Anything
/// unexpected is logged here with its stack trace and reaches the client as INTERNAL
/// "internal error (trace id X)": no exception text, only the id to find it in the log.
/// </summary>
internal sealed class ExceptionMappingInterceptor(ILogger<ExceptionMappingInterceptor> logger) : Interceptor
{
    private const int SqliteInterrupt = 9;

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception ex) when (Map(ex, context) is { } mapped)
        {
            throw mapped;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context);
        }
        catch (Exception ex) when (Map(ex, context) is { } mapped)
        {
            throw mapped;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception ex) when (Map(ex, context) is { } mapped)
        {
            throw mapped;
        }
    }

    private RpcException? Map(Exception exception, ServerCallContext context)
    {
        switch (exception)
        {
            case RpcException:
                return null;
            case UnknownEntityException unknown:
                var field = (unknown.RowIndex is int row ? $"ratings[{row}]." : "") + unknown.EntityKind + "_id";
                return RequestValidation.ToException(StatusCode.NotFound, field, $"{unknown.EntityKind} '{unknown.Id}' is not known");
            case ModelNotReadyException notReady:
                return new RpcException(new Grpc.Core.Status(StatusCode.FailedPrecondition, notReady.Message));
            case OperationCanceledException or SqliteException { SqliteErrorCode: SqliteInterrupt } when context.CancellationToken.IsCancellationRequested:
                // The token fires for a client's cancel and for an expired deadline alike; tell them apart.
                return context.Deadline <= DateTime.UtcNow
                    ? new RpcException(new Grpc.Core.Status(StatusCode.DeadlineExceeded, "the deadline expired before the call finished"))
                    : new RpcException(new Grpc.Core.Status(StatusCode.Cancelled, "the call was cancelled"));
            case var _ when IsDatabaseBusy(exception):
                // SQLite's busy handler (with backoff) and Microsoft.Data.Sqlite's retry loop have
                // already spent Recommender:BusyTimeoutSeconds on this. The transaction rolled back and
                // every write is an upsert, so the client may simply retry the call.
                ServerLog.DatabaseBusy(logger, context.Method, exception);
                return new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, "database busy, retry the call"));
            default:
                var traceId = context.GetHttpContext().TraceIdentifier;
                ServerLog.InternalError(logger, context.Method, traceId, exception);
                return new RpcException(new Grpc.Core.Status(StatusCode.Internal, $"internal error (trace id {traceId})"));
        }
    }

    /// <summary>SQLITE_BUSY or SQLITE_LOCKED, bare or wrapped by EF Core (DbUpdateException and the like).</summary>
    private static bool IsDatabaseBusy(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is SqliteException { SqliteErrorCode: 5 or 6 })
            {
                return true;
            }
        }

        return false;
    }
}
