using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Recommender.Server.Interceptors;

namespace Recommender.Server.Tests.Unit;

public sealed class ExceptionMappingInterceptorTests
{
    private readonly ExceptionMappingInterceptor _interceptor = new(NullLogger<ExceptionMappingInterceptor>.Instance);

    [Fact]
    public async Task Unexpected_Exception_IsInternalWithTraceIdAndNoExceptionText()
    {
        // Arrange
        var context = new TestServerCallContext(DateTime.MaxValue, CancellationToken.None, traceId: "trace-42");

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => _interceptor.UnaryServerHandler<string, string>(
            "request", context, (_, _) => throw new InvalidOperationException("secret connection string at Foo.Bar()")));

        // Assert
        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Equal("internal error (trace id trace-42)", error.Status.Detail);
        Assert.DoesNotContain("secret", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_AfterDeadline_IsDeadlineExceeded()
    {
        // Arrange
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var context = new TestServerCallContext(DateTime.UtcNow.AddSeconds(-1), cancelled.Token);

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => _interceptor.UnaryServerHandler<string, string>(
            "request", context, (_, c) => Task.FromException<string>(new OperationCanceledException(c.CancellationToken))));

        // Assert
        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
    }

    [Fact]
    public async Task Cancellation_BeforeDeadline_IsCancelled()
    {
        // Arrange
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var context = new TestServerCallContext(DateTime.MaxValue, cancelled.Token);

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => _interceptor.ClientStreamingServerHandler<string, string>(
            null!, context, (_, c) => Task.FromException<string>(new TaskCanceledException())));

        // Assert
        Assert.Equal(StatusCode.Cancelled, error.StatusCode);
    }

    [Fact]
    public async Task Unexpected_ExceptionInServerStream_IsInternal()
    {
        var context = new TestServerCallContext(DateTime.MaxValue, CancellationToken.None, traceId: "trace-7");

        var error = await Assert.ThrowsAsync<RpcException>(() => _interceptor.ServerStreamingServerHandler<string, string>(
            "request", null!, context, (_, _, _) => throw new NullReferenceException()));

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Contains("trace-7", error.Status.Detail, StringComparison.Ordinal);
    }
}
