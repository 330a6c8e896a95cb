using Grpc.Core;
using Microsoft.Extensions.Logging;
using Recommender.Server.Interceptors;

namespace Recommender.Server.Tests.Unit;

public sealed class RequestLoggingInterceptorTests
{
    [Fact]
    public async Task Call_Ok_LogsInformationWithMethodAndPeer()
    {
        // Arrange
        var sink = new LogSink();
        using var factory = LoggerFactory.Create(b => b.AddProvider(sink).SetMinimumLevel(LogLevel.Trace));
        var interceptor = new RequestLoggingInterceptor(factory);

        // Act
        await interceptor.UnaryServerHandler<string, string>("request", new TestServerCallContext(DateTime.MaxValue, CancellationToken.None), (_, _) => Task.FromResult("response"));

        // Assert
        var entry = Assert.Single(sink.Entries);
        Assert.Equal((RequestLoggingInterceptor.Category, LogLevel.Information), (entry.Category, entry.Level));
        Assert.Contains("/recommender.v1.Test/Call OK in", entry.Message, StringComparison.Ordinal);
        Assert.Contains("from ipv4:127.0.0.1:5555 (anonymous)", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_Failed_LogsWarningWithStatus()
    {
        // Arrange
        var sink = new LogSink();
        using var factory = LoggerFactory.Create(b => b.AddProvider(sink).SetMinimumLevel(LogLevel.Trace));
        var interceptor = new RequestLoggingInterceptor(factory);

        // Act
        await Assert.ThrowsAsync<RpcException>(() => interceptor.UnaryServerHandler<string, string>(
            "request", new TestServerCallContext(DateTime.MaxValue, CancellationToken.None), (_, _) => throw new RpcException(new Status(StatusCode.NotFound, "movie 'x' is not known"))));

        // Assert
        var entry = Assert.Single(sink.Entries);
        Assert.Equal(LogLevel.Warning, entry.Level);
        Assert.Contains("NotFound", entry.Message, StringComparison.Ordinal);
        Assert.Contains("movie 'x' is not known", entry.Message, StringComparison.Ordinal);
    }

    /// <summary>Collects formatted log entries in memory.</summary>
    private sealed class LogSink : ILoggerProvider
    {
        public List<(string Category, LogLevel Level, string Message)> Entries { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(LogSink sink, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                sink.Entries.Add((category, logLevel, formatter(state, exception)));
        }
    }
}
