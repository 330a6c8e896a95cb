namespace Recommender.Server.Logging;

/// <summary>The server's log events, with fixed ids.</summary>
internal static partial class ServerLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Database {DatabasePath} is ready (schema migrated)")]
    public static partial void DatabaseReady(ILogger logger, string databasePath);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Unhandled exception in {Method}")]
    public static partial void UnhandledException(ILogger logger, string method, Exception exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Database busy in {Method}")]
    public static partial void DatabaseBusy(ILogger logger, string method, Exception exception);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Ingested {Accepted} ratings ({NewUsers} new users): received in {ReceiveMs} ms, stored in {StoreMs} ms")]
    public static partial void RatingsIngested(ILogger logger, long accepted, long newUsers, long receiveMs, long storeMs);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Upserted {Count} movies")]
    public static partial void MoviesUpserted(ILogger logger, int count);
}
