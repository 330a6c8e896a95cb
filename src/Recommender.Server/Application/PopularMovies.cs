using Recommender.Data;
using Recommender.Server.Logging;

namespace Recommender.Server.Application;

/// <summary>
/// The most-rated movies, for users the model does not know and for the time before the
/// first model. Recomputed at most every few seconds after ratings change, so a burst of
/// writes costs one GROUP BY, not one per query.
/// </summary>
/// <remarks>
/// Only the very first call waits for the query. After that a stale list keeps being served while one
/// background refresh runs: the GROUP BY scans every rating (there is deliberately no index by movie, see
/// <see cref="RecommenderDbContext"/>), and a fallback query must not wait for it.
/// </remarks>
internal sealed class PopularMovies(IServiceScopeFactory scopes, TimeProvider clock, ILogger<PopularMovies> logger)
{
    private const int Depth = 5_000;
    private static readonly TimeSpan s_maxStaleness = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Snapshot? _snapshot;
    private volatile bool _stale = true;
    private int _refreshing;

    /// <summary>Marks the list out of date after ratings changed.</summary>
    public void Invalidate() => _stale = true;

    /// <summary>Movies by rating count, most first.</summary>
    public async Task<IReadOnlyList<(MovieRecord Movie, int Count)>> GetAsync(CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        if (snapshot is null)
        {
            return await RefreshAsync(onlyIfMissing: true, cancellationToken);
        }

        if (_stale && clock.GetUtcNow() - snapshot.TakenAt >= s_maxStaleness && Interlocked.Exchange(ref _refreshing, 1) == 0)
        {
            _ = Task.Run(RefreshInBackgroundAsync, CancellationToken.None);
        }

        return snapshot.Movies;
    }

    private async Task RefreshInBackgroundAsync()
    {
        try
        {
            await RefreshAsync(onlyIfMissing: false, CancellationToken.None);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The old list keeps serving; the next query after the staleness window tries again.
            ServerLog.PopularRefreshFailed(logger, e);
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    private async Task<IReadOnlyList<(MovieRecord Movie, int Count)>> RefreshAsync(bool onlyIfMissing, CancellationToken cancellationToken)
    {
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (onlyIfMissing && _snapshot is { } existing)
            {
                return existing.Movies;
            }

            // Cleared before reading, so a write that lands during the read marks it stale again.
            _stale = false;
            await using var scope = scopes.CreateAsyncScope();
            var movies = await scope.ServiceProvider.GetRequiredService<RatingStore>().MostRatedAsync(Depth, cancellationToken);
            _snapshot = new Snapshot(movies, clock.GetUtcNow());
            return movies;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private sealed record Snapshot(IReadOnlyList<(MovieRecord Movie, int Count)> Movies, DateTimeOffset TakenAt);
}
