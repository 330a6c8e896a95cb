using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Recommender.Core;

namespace Recommender.Data;

/// <summary>Reads and writes ratings. Writes are transactional: a failed call stores nothing.</summary>
public sealed class RatingStore(RecommenderDbContext db)
{
    private const string UpsertSql =
        "INSERT INTO Ratings (UserId, MovieId, Value, RatedAt) VALUES (?1, ?2, ?3, ?4) " +
        "ON CONFLICT (UserId, MovieId) DO UPDATE SET Value = excluded.Value, RatedAt = excluded.RatedAt";

    /// <summary>Stores every row of <paramref name="batch"/> in one transaction, creating unknown users.</summary>
    /// <exception cref="UnknownEntityException">A row names a movie not in the catalogue; nothing is stored.</exception>
    public async Task<IngestResult> IngestAsync(RatingBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return default;
        }

        await using var transaction = await SqliteBulk.BeginWriteAsync(db, cancellationToken);
        var movieKeys = ResolveMovies(batch);
        var (userKeys, newUsers) = ResolveUsers(batch);
        WriteRatings(batch, userKeys, movieKeys, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new IngestResult(batch.Count, newUsers);
    }

    /// <summary>Inserts or replaces one rating, creating the user on first rating.</summary>
    /// <returns>The internal ids of the user and the movie.</returns>
    /// <exception cref="UnknownEntityException">The movie is not in the catalogue.</exception>
    public async Task<(int UserKey, int MovieKey)> UpsertAsync(RatingRecord rating, CancellationToken cancellationToken)
    {
        var batch = new RatingBatch();
        batch.Add(rating.UserId, rating.MovieId, rating.Value, rating.RatedAt);
        await using var transaction = await SqliteBulk.BeginWriteAsync(db, cancellationToken);
        int movieKey;
        try
        {
            movieKey = ResolveMovies(batch)[0];
        }
        catch (UnknownEntityException)
        {
            throw new UnknownEntityException("movie", rating.MovieId);
        }

        var userKey = ResolveUsers(batch).Keys[0];
        WriteRatings(batch, [userKey], [movieKey], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (userKey, movieKey);
    }

    /// <summary>Deletes one rating; false when there was none.</summary>
    public async Task<bool> DeleteAsync(string userId, string movieId, CancellationToken cancellationToken)
    {
        var deleted = await db.Ratings
            .Where(r => db.Users.Any(u => u.Id == r.UserId && u.ExternalId == userId)
                && db.Movies.Any(m => m.Id == r.MovieId && m.ExternalId == movieId))
            .ExecuteDeleteAsync(cancellationToken);
        return deleted > 0;
    }

    /// <summary>A user's ratings, newest first; empty for a user who has none (or is unknown).</summary>
    public async Task<IReadOnlyList<RatingRecord>> GetForUserAsync(string userId, CancellationToken cancellationToken) =>
        await (from r in db.Ratings.AsNoTracking()
               join u in db.Users on r.UserId equals u.Id
               join m in db.Movies on r.MovieId equals m.Id
               where u.ExternalId == userId
               orderby r.RatedAt descending, m.ExternalId
               select new RatingRecord(u.ExternalId, m.ExternalId, r.Value, r.RatedAt))
            .ToListAsync(cancellationToken);

    /// <summary>The user's internal key and ratings (movie external id, value), or null for an unknown user.</summary>
    public async Task<(int UserKey, IReadOnlyList<(string MovieId, float Value)> Ratings)?> GetForFoldInAsync(string userId, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.ExternalId == userId).Select(u => (int?)u.Id).FirstOrDefaultAsync(cancellationToken);
        if (user is not int key)
        {
            return null;
        }

        var ratings = await (from r in db.Ratings.AsNoTracking()
                             join m in db.Movies on r.MovieId equals m.Id
                             where r.UserId == key
                             select new { m.ExternalId, r.Value })
            .ToListAsync(cancellationToken);
        return (key, ratings.Select(r => (r.ExternalId, r.Value)).ToList());
    }

    /// <summary>External ids of the movies a user rated; empty for an unknown user.</summary>
    /// <remarks>On every recommendation's path, so a prepared command rather than a LINQ query:
    /// EF's per-query overhead is several times the SQLite work here.</remarks>
    public async Task<IReadOnlyList<string>> GetRatedMovieIdsAsync(string userId, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            using var select = SqliteBulk.Command(
                db,
                "SELECT m.ExternalId FROM Ratings r JOIN Movies m ON m.Id = r.MovieId WHERE r.UserId = (SELECT Id FROM Users WHERE ExternalId = $id)",
                ("$id", SqliteType.Text));
            select.Parameters[0].Value = userId;
            var ids = new List<string>();
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }

            return ids;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The most-rated movies, most first (ties: older catalogue entry first), with their rating counts.</summary>
    public async Task<IReadOnlyList<(MovieRecord Movie, int Count)>> MostRatedAsync(int limit, CancellationToken cancellationToken)
    {
        var rows = await (from r in db.Ratings.AsNoTracking()
                          group r by r.MovieId into g
                          orderby g.Count() descending, g.Key
                          select new { MovieKey = g.Key, Count = g.Count() })
            .Take(limit)
            .Join(db.Movies, x => x.MovieKey, m => m.Id, (x, m) => new { m.ExternalId, m.Title, m.Year, m.Genres, x.Count })
            .ToListAsync(cancellationToken);
        return rows
            .OrderByDescending(r => r.Count)
            .Select(r => (new MovieRecord(r.ExternalId, r.Title, r.Year, MovieRecord.SplitGenres(r.Genres)), r.Count))
            .ToList();
    }

    /// <summary>The number of stored ratings.</summary>
    public Task<int> CountAsync(CancellationToken cancellationToken) => db.Ratings.CountAsync(cancellationToken);

    private int[] ResolveMovies(RatingBatch batch)
    {
        var keys = new int[batch.Movies.Count];
        using var select = SqliteBulk.Command(db, "SELECT Id FROM Movies WHERE ExternalId = $id", ("$id", SqliteType.Text));
        for (var i = 0; i < keys.Length; i++)
        {
            select.Parameters[0].Value = batch.Movies[i];
            if (select.ExecuteScalar() is not long key)
            {
                throw new UnknownEntityException("movie", batch.Movies[i], batch.FirstRowOfMovie(i));
            }

            keys[i] = checked((int)key);
        }

        return keys;
    }

    private (int[] Keys, int Created) ResolveUsers(RatingBatch batch)
    {
        var keys = new int[batch.Users.Count];
        var created = 0;
        using var select = SqliteBulk.Command(db, "SELECT Id FROM Users WHERE ExternalId = $id", ("$id", SqliteType.Text));
        using var insert = SqliteBulk.Command(db, "INSERT INTO Users (ExternalId) VALUES ($id) RETURNING Id", ("$id", SqliteType.Text));
        for (var i = 0; i < keys.Length; i++)
        {
            select.Parameters[0].Value = batch.Users[i];
            if (select.ExecuteScalar() is not long key)
            {
                insert.Parameters[0].Value = batch.Users[i];
                key = (long)insert.ExecuteScalar()!;
                created++;
            }

            keys[i] = checked((int)key);
        }

        return (keys, created);
    }

    private void WriteRatings(RatingBatch batch, int[] userKeys, int[] movieKeys, CancellationToken cancellationToken)
    {
        var order = KeyOrder(batch, userKeys, movieKeys);
        var users = batch.UserIndices;
        var movies = batch.MovieIndices;
        var values = batch.Values;
        var ratedAt = batch.RatedAt;

        // SQLite's C API directly, binding by position: Microsoft.Data.Sqlite's per-parameter
        // binding costs more than the B-tree insert itself. Same connection and transaction.
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        using var statement = new RawStatement(connection, UpsertSql);
        for (var i = 0; i < order.Length; i++)
        {
            if ((i & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var r = order[i];
            statement.BindInt(1, userKeys[users[r]]);
            statement.BindInt(2, movieKeys[movies[r]]);
            statement.BindDouble(3, values[r]);
            statement.BindInt64(4, ratedAt[r]);
            statement.StepDone();
        }
    }

    /// <summary>
    /// Row numbers in primary-key order, so the B-tree grows at its right edge instead of
    /// splitting pages at random. Repeats of a (user, movie) pair keep stream order, so the
    /// last one in the stream wins, as it would row by row.
    /// </summary>
    private static int[] KeyOrder(RatingBatch batch, int[] userKeys, int[] movieKeys)
    {
        var users = batch.UserIndices;
        var movies = batch.MovieIndices;
        var keys = new long[batch.Count];
        var order = new int[batch.Count];
        for (var r = 0; r < keys.Length; r++)
        {
            keys[r] = ((long)userKeys[users[r]] << 32) | (uint)movieKeys[movies[r]];
            order[r] = r;
        }

        Array.Sort(keys, order);
        for (var start = 0; start < keys.Length;)
        {
            var end = start + 1;
            while (end < keys.Length && keys[end] == keys[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                Array.Sort(order, start, end - start);
            }

            start = end;
        }

        return order;
    }
}
