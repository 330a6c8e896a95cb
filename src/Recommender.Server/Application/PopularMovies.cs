using Recommender.Data;

namespace Recommender.Server.Application;

/// <summary>
/// The most-rated movies, for users the model does not know and for the time before the
/// first model. Recomputed at most every few seconds after ratings change, so a burst of
/// writes costs one GROUP BY, not one per query.
/// </summary>
internal sealed class PopularMovies(IServiceScopeFactory scopes, TimeProvider clock)
{
    private const int Depth = 5_000;
    private static readonly TimeSpan s_maxStaleness = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Snapshot? _snapshot;
    private volatile bool _stale = true;

    /// <summary>Marks the list out of date after ratings changed.</summary>
    public void Invalidate() => _stale = true;

    /// <summary>Movies by rating count, most first.</summary>
    public async Task<IReadOnlyList<(MovieRecord Movie, int Count)>> GetAsync(CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        if (snapshot is not null && (!_stale || clock.GetUtcNow() - snapshot.TakenAt < s_maxStaleness))
        {
            return snapshot.Movies;
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            snapshot = _snapshot;
            if (snapshot is not null && (!_stale || clock.GetUtcNow() - snapshot.TakenAt < s_maxStaleness))
            {
                return snapshot.Movies;
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
