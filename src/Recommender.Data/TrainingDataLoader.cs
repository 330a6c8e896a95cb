using Microsoft.EntityFrameworkCore;
using Recommender.Core.Data;

namespace Recommender.Data;

/// <summary>Reads every rating into flat arrays in one pass (no entity tracking, no per-row objects).</summary>
public sealed class TrainingDataLoader(RecommenderDbContext db)
{
    /// <summary>Loads all ratings; users and movies without ratings are left out.</summary>
    public async Task<TrainingData> LoadAsync(CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var count = await db.Ratings.CountAsync(cancellationToken);
            var userKeys = new int[count];
            var movieKeys = new int[count];
            var values = new float[count];
            var n = 0;
            using (var select = SqliteBulk.Command(db, "SELECT UserId, MovieId, Value FROM Ratings ORDER BY UserId, MovieId"))
            using (var reader = select.ExecuteReader())
            {
                while (reader.Read() && n < count)
                {
                    userKeys[n] = reader.GetInt32(0);
                    movieKeys[n] = reader.GetInt32(1);
                    values[n] = reader.GetFloat(2);
                    n++;
                }
            }

            var (userRows, distinctUsers) = Densify(userKeys.AsSpan(0, n));
            var (movieRows, distinctMovies) = Densify(movieKeys.AsSpan(0, n));
            var userIds = await ExternalIdsAsync("Users", distinctUsers, cancellationToken);
            var movieIds = await ExternalIdsAsync("Movies", distinctMovies, cancellationToken);
            var ratings = new RatingSet(userRows, movieRows, values[..n], distinctUsers.Length, distinctMovies.Length);
            return new TrainingData(ratings, distinctUsers, userIds, distinctMovies, movieIds);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Maps keys to 0..distinct-1 in ascending key order.</summary>
    private static (int[] Rows, int[] DistinctKeys) Densify(ReadOnlySpan<int> keys)
    {
        var distinct = keys.ToArray();
        Array.Sort(distinct);
        var unique = distinct.Length == 0 ? 0 : 1;
        for (var i = 1; i < distinct.Length; i++)
        {
            if (distinct[i] != distinct[unique - 1])
            {
                distinct[unique++] = distinct[i];
            }
        }

        var sorted = distinct[..unique];
        var rows = new int[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            rows[i] = Array.BinarySearch(sorted, keys[i]);
        }

        return (rows, sorted);
    }

    private async Task<string[]> ExternalIdsAsync(string table, int[] keys, CancellationToken cancellationToken)
    {
        var byKey = new Dictionary<int, string>(keys.Length);
        // The table name is one of two constants, never input.
        using (var select = SqliteBulk.Command(db, $"SELECT Id, ExternalId FROM {table}"))
        using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                byKey[reader.GetInt32(0)] = reader.GetString(1);
            }
        }

        var ids = new string[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            ids[i] = byKey[keys[i]];
        }

        return ids;
    }
}
