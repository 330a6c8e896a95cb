using Microsoft.EntityFrameworkCore;
using Recommender.Core;

namespace Recommender.Data.Tests;

public sealed class RatingStoreTests : IDisposable
{
    private readonly SqliteDatabase _database = new();

    public RatingStoreTests()
    {
        using var db = _database.CreateContext();
        new CatalogStore(db).UpsertAsync(
            [new MovieRecord("m1", "One", 2001, ["Drama"]), new MovieRecord("m2", "Two", 2002, [])],
            CancellationToken.None).GetAwaiter().GetResult();
    }

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task IngestAsync_ManyRowsAcrossStatementBoundaries_StoresEveryRow()
    {
        // Arrange: 64-row statements plus a tail, and repeated users.
        var batch = new RatingBatch();
        for (var i = 0; i < 1000 + 37; i++)
        {
            batch.Add($"u{i}", i % 2 == 0 ? "m1" : "m2", 1 + (i % 4), i);
        }

        // Act
        await using var db = _database.CreateContext();
        var result = await new RatingStore(db).IngestAsync(batch, CancellationToken.None);

        // Assert
        Assert.Equal(new IngestResult(1037, 1037), result);
        Assert.Equal(1037, await db.Ratings.CountAsync());
        var sample = await new RatingStore(db).GetForUserAsync("u5", CancellationToken.None);
        Assert.Equal([new RatingRecord("u5", "m2", 2, 5)], sample);
    }

    [Fact]
    public async Task IngestAsync_UnknownMovie_ThrowsWithFirstRowAndStoresNothing()
    {
        // Arrange
        var batch = new RatingBatch();
        batch.Add("a", "m1", 3, 0);
        batch.Add("b", "m9", 3, 0);
        batch.Add("c", "m9", 3, 0);

        // Act
        await using var db = _database.CreateContext();
        var error = await Assert.ThrowsAsync<UnknownEntityException>(() => new RatingStore(db).IngestAsync(batch, CancellationToken.None));

        // Assert
        Assert.Equal(("movie", "m9", (int?)1), (error.EntityKind, error.Id, error.RowIndex));
        await using var check = _database.CreateContext();
        Assert.Equal(0, await check.Ratings.CountAsync());
        Assert.Equal(0, await check.Users.CountAsync());
    }

    [Fact]
    public async Task UpsertAsync_SamePair_ReplacesValue()
    {
        await using var db = _database.CreateContext();
        var store = new RatingStore(db);

        var first = await store.UpsertAsync(new RatingRecord("x", "m1", 1, 10), CancellationToken.None);
        var second = await store.UpsertAsync(new RatingRecord("x", "m1", 4, 20), CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Equal([new RatingRecord("x", "m1", 4, 20)], await store.GetForUserAsync("x", CancellationToken.None));
    }

    [Fact]
    public async Task DeleteAsync_OnlyRemovesThatPair()
    {
        await using var db = _database.CreateContext();
        var store = new RatingStore(db);
        await store.UpsertAsync(new RatingRecord("y", "m1", 1, 10), CancellationToken.None);
        await store.UpsertAsync(new RatingRecord("y", "m2", 2, 10), CancellationToken.None);
        await store.UpsertAsync(new RatingRecord("z", "m1", 3, 10), CancellationToken.None);

        Assert.True(await store.DeleteAsync("y", "m1", CancellationToken.None));

        Assert.Equal(2, await db.Ratings.CountAsync());
        Assert.Equal(["m2"], (await store.GetForUserAsync("y", CancellationToken.None)).Select(r => r.MovieId));
    }
}
