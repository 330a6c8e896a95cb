using Grpc.Core;
using Microsoft.Data.Sqlite;
using Recommender.Contracts.V1;
using Recommender.Server.Tests.Infrastructure;
using Recommender.Server.Tests.Integration;

namespace Recommender.Server.Tests.Reliability;

/// <summary>Another process holding SQLite's write lock: the server waits, then says UNAVAILABLE.</summary>
public sealed class BusyDatabaseTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = TestServer.Start(settings: new Dictionary<string, string?> { ["Recommender:BusyTimeoutSeconds"] = "2" });
        await Fixtures.SeedMoviesAsync(_server, 5).WithTimeout();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task AddRating_LockHeldPastBudget_ReturnsUnavailableAndStoresNothing()
    {
        // Arrange
        var before = await _server.CountRowsAsync();
        await using var holder = await HoldWriteLockAsync();

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _server.Ratings.AddRatingAsync(new AddRatingRequest { UserId = "bob", MovieId = "m1", Value = 4 }).ResponseAsync.WithTimeout());

        // Assert
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.Contains("database busy", error.Status.Detail, StringComparison.Ordinal);
        await holder.DisposeAsync();
        Assert.Equal(before, await _server.CountRowsAsync());
    }

    [Fact]
    public async Task AddRating_LockReleasedWithinBudget_WaitsAndSucceeds()
    {
        // Arrange
        var holder = await HoldWriteLockAsync();

        // Act: the call starts while the lock is held; the lock goes well inside the 2 s budget.
        var call = _server.Ratings.AddRatingAsync(new AddRatingRequest { UserId = "carol", MovieId = "m2", Value = 3.5f }).ResponseAsync;
        await Task.Delay(300);
        var waited = !call.IsCompleted;
        await holder.DisposeAsync();
        await call.WithTimeout();

        // Assert
        Assert.True(waited, "the call finished while another connection held the write lock");
        var stored = await _server.Ratings.GetUserRatingsAsync(new GetUserRatingsRequest { UserId = "carol" }).ResponseAsync.WithTimeout();
        Assert.Equal(3.5f, Assert.Single(stored.Ratings).Value);
    }

    [Fact]
    public async Task IngestRatings_LockHeldPastBudget_ReturnsUnavailable()
    {
        // Arrange
        var before = await _server.CountRowsAsync();
        await using var holder = await HoldWriteLockAsync();

        // Act
        using var call = _server.Ratings.IngestRatings();
        await call.RequestStream.WriteAsync(Fixtures.Rating("dan", "m0", 5)).WithTimeout();
        await call.RequestStream.CompleteAsync().WithTimeout();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WithTimeout());

        // Assert
        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        await holder.DisposeAsync();
        Assert.Equal(before, await _server.CountRowsAsync());
    }

    /// <summary>A second connection (as another process would) in an open write transaction.</summary>
    private async Task<LockHolder> HoldWriteLockAsync()
    {
        var connection = new SqliteConnection($"Data Source={_server.DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using (var begin = connection.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            await begin.ExecuteNonQueryAsync();
        }

        return new LockHolder(connection);
    }

    /// <summary>Rolls back and closes, releasing the lock; safe to dispose twice.</summary>
    private sealed class LockHolder(SqliteConnection connection) : IAsyncDisposable
    {
        private bool _released;

        public async ValueTask DisposeAsync()
        {
            if (_released)
            {
                return;
            }

            _released = true;
            await using (var rollback = connection.CreateCommand())
            {
                rollback.CommandText = "ROLLBACK;";
                await rollback.ExecuteNonQueryAsync();
            }

            await connection.DisposeAsync();
        }
    }
}
