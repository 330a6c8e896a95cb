using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Recommender.Contracts.V1;
using Recommender.Server.Application;
using Recommender.Server.Tests.Infrastructure;

namespace Recommender.Server.Tests.Integration;

/// <summary>The most-popular list against the real store: served stale while one background refresh runs.</summary>
public sealed class PopularMoviesTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new();
    private TestServer _server = null!;
    private PopularMovies _popular = null!;

    public async Task InitializeAsync()
    {
        _server = TestServer.Start();
        await _server.Catalog.UpsertMoviesAsync(new UpsertMoviesRequest { Movies = { Fixtures.Movie("a"), Fixtures.Movie("b") } }).ResponseAsync.WithTimeout();
        await RateAsync("u1", "a");
        _popular = new PopularMovies(_server.Services.GetRequiredService<IServiceScopeFactory>(), _clock, NullLogger<PopularMovies>.Instance);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task GetAsync_AfterWritesWithinStalenessWindow_ServesPreviousList()
    {
        var first = await _popular.GetAsync(CancellationToken.None);
        await RateAsync("u2", "b");
        await RateAsync("u3", "b");
        _popular.Invalidate();

        var second = await _popular.GetAsync(CancellationToken.None);

        Assert.Equal("a", Assert.Single(first).Movie.MovieId);
        Assert.Same(first, second);
    }

    [Fact]
    public async Task GetAsync_PastStalenessWindow_ServesStaleThenRefreshedList()
    {
        var first = await _popular.GetAsync(CancellationToken.None);
        await RateAsync("u2", "b");
        await RateAsync("u3", "b");
        _popular.Invalidate();
        _clock.Advance(TimeSpan.FromSeconds(6));

        var stale = await _popular.GetAsync(CancellationToken.None);
        var refreshed = await PollAsync(() => _popular.GetAsync(CancellationToken.None), list => !ReferenceEquals(list, first));

        Assert.Same(first, stale);
        Assert.Equal(["b", "a"], refreshed.Select(m => m.Movie.MovieId));
        Assert.Equal([2, 1], refreshed.Select(m => m.Count));
    }

    private Task RateAsync(string user, string movie) =>
        _server.Ratings.AddRatingAsync(new AddRatingRequest { UserId = user, MovieId = movie, Value = 4 }).ResponseAsync.WithTimeout();

    private static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        for (var attempt = 0; attempt < 500; attempt++)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException("the background refresh did not publish a new list within 5 s");
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
