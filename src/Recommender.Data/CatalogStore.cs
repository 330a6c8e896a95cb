using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Recommender.Core;

namespace Recommender.Data;

/// <summary>Reads and writes the movie catalogue.</summary>
public sealed class CatalogStore(RecommenderDbContext db)
{
    /// <summary>Inserts or updates all <paramref name="movies"/> in one transaction.</summary>
    public async Task<int> UpsertAsync(IReadOnlyList<MovieRecord> movies, CancellationToken cancellationToken)
    {
        await using var transaction = await SqliteBulk.BeginWriteAsync(db, cancellationToken);
        using var upsert = SqliteBulk.Command(
            db,
            "INSERT INTO Movies (ExternalId, Title, Year, Genres) VALUES ($id, $title, $year, $genres) " +
            "ON CONFLICT (ExternalId) DO UPDATE SET Title = excluded.Title, Year = excluded.Year, Genres = excluded.Genres",
            ("$id", SqliteType.Text), ("$title", SqliteType.Text), ("$year", SqliteType.Integer), ("$genres", SqliteType.Text));
        foreach (var movie in movies)
        {
            upsert.Parameters[0].Value = movie.MovieId;
            upsert.Parameters[1].Value = movie.Title;
            upsert.Parameters[2].Value = movie.Year;
            upsert.Parameters[3].Value = MovieRecord.JoinGenres(movie.Genres);
            upsert.ExecuteNonQuery();
        }

        await transaction.CommitAsync(cancellationToken);
        return movies.Count;
    }

    /// <summary>One movie by external id.</summary>
    /// <exception cref="UnknownEntityException">No such movie.</exception>
    public async Task<MovieRecord> GetAsync(string movieId, CancellationToken cancellationToken)
    {
        var movie = await db.Movies.AsNoTracking().FirstOrDefaultAsync(m => m.ExternalId == movieId, cancellationToken);
        return movie is null
            ? throw new UnknownEntityException("movie", movieId)
            : new MovieRecord(movie.ExternalId, movie.Title, movie.Year, MovieRecord.SplitGenres(movie.Genres));
    }

    /// <summary>
    /// A page of movies in insertion order after the internal key <paramref name="afterKey"/>
    /// (0 for the first page), optionally only those of <paramref name="genre"/> (case-insensitive).
    /// </summary>
    /// <returns>The page, and the key to continue after, or null on the last page.</returns>
    public async Task<(IReadOnlyList<MovieRecord> Movies, int? NextAfterKey)> ListAsync(
        int pageSize, int afterKey, string? genre, CancellationToken cancellationToken)
    {
        var query = db.Movies.AsNoTracking().Where(m => m.Id > afterKey);
        if (!string.IsNullOrEmpty(genre))
        {
            var pattern = "%|" + EscapeLike(genre) + "|%";
            query = query.Where(m => EF.Functions.Like(m.Genres, pattern, "\\"));
        }

        // One extra row tells whether another page follows without a COUNT.
        var rows = await query.OrderBy(m => m.Id).Take(pageSize + 1).ToListAsync(cancellationToken);
        var page = rows.Take(pageSize)
            .Select(m => new MovieRecord(m.ExternalId, m.Title, m.Year, MovieRecord.SplitGenres(m.Genres)))
            .ToList();
        int? next = rows.Count > pageSize ? rows[pageSize - 1].Id : null;
        return (page, next);
    }

    /// <summary>Every movie, by external id (for the serving model's titles and genres).</summary>
    public async Task<Dictionary<string, MovieRecord>> GetAllAsync(CancellationToken cancellationToken)
    {
        var movies = await db.Movies.AsNoTracking().ToListAsync(cancellationToken);
        return movies.ToDictionary(
            m => m.ExternalId,
            m => new MovieRecord(m.ExternalId, m.Title, m.Year, MovieRecord.SplitGenres(m.Genres)),
            StringComparer.Ordinal);
    }

    /// <summary>Whether a movie with this external id exists.</summary>
    public Task<bool> ExistsAsync(string movieId, CancellationToken cancellationToken) =>
        db.Movies.AnyAsync(m => m.ExternalId == movieId, cancellationToken);

    /// <summary>The number of movies in the catalogue.</summary>
    public Task<int> CountAsync(CancellationToken cancellationToken) => db.Movies.CountAsync(cancellationToken);

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("%", "\\%", StringComparison.Ordinal)
            .Replace("_", "\\_", StringComparison.Ordinal);
}
