namespace Recommender.Server.Logging;

/// <summary>The server's log events, with fixed ids.</summary>
internal static partial class ServerLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Database {DatabasePath} is ready (schema migrated)")]
    public static partial void DatabaseReady(ILogger logger, string databasePath);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Database busy in {Method}")]
    public static partial void DatabaseBusy(ILogger logger, string method, Exception exception);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Unhandled exception in {Method} (trace id {TraceId}); the client got INTERNAL")]
    public static partial void InternalError(ILogger logger, string method, string traceId, Exception exception);

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "API keys: {Count} configured; every call except health and reflection needs one")]
    public static partial void AuthEnabled(ILogger logger, int count);

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning, Message = "No API keys configured (Recommender:Auth:Keys): the server runs open, every caller is admin; it binds loopback only")]
    public static partial void RunningOpen(ILogger logger);

    [LoggerMessage(EventId = 42, Level = LogLevel.Warning, Message = "No API keys configured and Recommender:Auth:AllowAnonymous=true: anyone reaching {Urls} is admin")]
    public static partial void RunningOpenExposed(ILogger logger, string urls);

    [LoggerMessage(EventId = 43, Level = LogLevel.Warning, Message = "Unauthenticated call to {Path} from {Peer}: {Reason}")]
    public static partial void AuthenticationFailed(ILogger logger, string path, string peer, string reason);

    [LoggerMessage(EventId = 44, Level = LogLevel.Warning, Message = "Permission denied: {Path} for key {KeyName} (role {Role})")]
    public static partial void PermissionDenied(ILogger logger, string path, string keyName, string role);

    [LoggerMessage(EventId = 50, Level = LogLevel.Information, Message = "{Method} OK in {ElapsedMs:F1} ms from {Peer} ({Caller})")]
    public static partial void RequestSucceeded(ILogger logger, string method, double elapsedMs, string peer, string caller);

    [LoggerMessage(EventId = 51, Level = LogLevel.Warning, Message = "{Method} {Status} in {ElapsedMs:F1} ms from {Peer} ({Caller}): {Detail}")]
    public static partial void RequestFailed(ILogger logger, string method, Grpc.Core.StatusCode status, double elapsedMs, string peer, string caller, string detail);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Ingested {Accepted} ratings ({NewUsers} new users): received in {ReceiveMs} ms, stored in {StoreMs} ms")]
    public static partial void RatingsIngested(ILogger logger, long accepted, long newUsers, long receiveMs, long storeMs);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Upserted {Count} movies")]
    public static partial void MoviesUpserted(ILogger logger, int count);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Could not refresh the most-popular list; the previous one keeps serving")]
    public static partial void PopularRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Training on {Ratings} ratings ({Users} users, {Movies} movies): d={Dimensions}, {Epochs} epochs, {Optimizer}")]
    public static partial void TrainingStarted(ILogger logger, int ratings, int users, int movies, int dimensions, int epochs, Recommender.Core.Training.OptimizerKind optimizer);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "Model {Version} published: train RMSE {TrainRmse:F4}, validation RMSE {ValidationRmse:F4}, {ElapsedMs} ms")]
    public static partial void TrainingCompleted(ILogger logger, long version, double trainRmse, double validationRmse, long elapsedMs);

    [LoggerMessage(EventId = 22, Level = LogLevel.Information, Message = "Training cancelled; the previous model keeps serving")]
    public static partial void TrainingCancelled(ILogger logger);

    [LoggerMessage(EventId = 23, Level = LogLevel.Error, Message = "Training failed; the previous model keeps serving")]
    public static partial void TrainingFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 24, Level = LogLevel.Warning, Message = "Could not record the end of a training run")]
    public static partial void TrainingRecordFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 25, Level = LogLevel.Information, Message = "Loaded model {Version} ({Users} users, {Movies} movies, d={Dimensions})")]
    public static partial void ModelLoaded(ILogger logger, long version, int users, int movies, int dimensions);

    [LoggerMessage(EventId = 26, Level = LogLevel.Information, Message = "No trained model yet: recommendations fall back to the most popular movies until ModelService.Train runs")]
    public static partial void NoModelYet(ILogger logger);

    [LoggerMessage(EventId = 27, Level = LogLevel.Warning, Message = "{Count} training run(s) were still recorded as running at start (the server was killed); marked interrupted")]
    public static partial void TrainingInterrupted(ILogger logger, int count);

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "--demo: the database already has movies; nothing seeded")]
    public static partial void DemoSkipped(ILogger logger);

    [LoggerMessage(EventId = 31, Level = LogLevel.Information, Message = "--demo: seeded {Movies} movies, {Users} users with planted tastes, {Ratings} ratings; training")]
    public static partial void DemoSeeded(ILogger logger, int movies, int users, int ratings);

    [LoggerMessage(EventId = 32, Level = LogLevel.Information, Message = "--demo: training {State} (model {Version}). Try: recommender recommend demo-horror-fan-1 | recommender similar \"The Matrix\" | recommender rate me tt0078748 5 && recommender recommend me")]
    public static partial void DemoReady(ILogger logger, string state, long version);
}
