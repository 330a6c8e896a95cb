using System.Text;

namespace Recommender.Cli.MovieLens;

/// <summary>The two MovieLens layouts the importer understands.</summary>
public enum MovieLensFormat
{
    /// <summary>ml-latest, ml-latest-small, ml-25m, ml-32m: movies.csv + ratings.csv.</summary>
    Csv,

    /// <summary>ml-100k: u.item + u.data (+ u.genre).</summary>
    Ml100K,
}

/// <summary>A MovieLens folder: which files hold the movies and ratings, and how to read them.</summary>
public sealed class MovieLensDataset
{
    private MovieLensDataset(MovieLensFormat format, string moviesPath, string ratingsPath, string? genresPath)
    {
        Format = format;
        MoviesPath = moviesPath;
        RatingsPath = ratingsPath;
        GenresPath = genresPath;
    }

    public MovieLensFormat Format { get; }

    public string MoviesPath { get; }

    public string RatingsPath { get; }

    /// <summary>ml-100k's u.genre, when present.</summary>
    public string? GenresPath { get; }

    public Encoding MoviesEncoding => Format == MovieLensFormat.Ml100K ? MovieLens100K.Encoding : Encoding.UTF8;

    public Encoding RatingsEncoding => Format == MovieLensFormat.Ml100K ? MovieLens100K.Encoding : Encoding.UTF8;

    public string Description => Format == MovieLensFormat.Ml100K
        ? "ml-100k format (u.item + u.data)"
        : "ml-latest format (movies.csv + ratings.csv)";

    /// <summary>Finds the files of either layout in <paramref name="directory"/>; false when neither is complete.</summary>
    public static bool TryDetect(string directory, out MovieLensDataset dataset)
    {
        var movies = Path.Combine(directory, MovieLensCsv.MoviesFile);
        var ratings = Path.Combine(directory, MovieLensCsv.RatingsFile);
        if (File.Exists(movies) && File.Exists(ratings))
        {
            dataset = new MovieLensDataset(MovieLensFormat.Csv, movies, ratings, null);
            return true;
        }

        var item = Path.Combine(directory, MovieLens100K.ItemFile);
        var data = Path.Combine(directory, MovieLens100K.DataFile);
        if (File.Exists(item) && File.Exists(data))
        {
            var genre = Path.Combine(directory, MovieLens100K.GenreFile);
            dataset = new MovieLensDataset(MovieLensFormat.Ml100K, item, data, File.Exists(genre) ? genre : null);
            return true;
        }

        dataset = null!;
        return false;
    }

    /// <summary>
    /// All movies, checked for repeated ids; catalogues are small (ml-32m has under 90,000), so they are held in memory.
    /// </summary>
    public List<MovieRow> ReadMovies()
    {
        var movies = ReadMovieRows();
        var seen = new Dictionary<string, long>(movies.Count, StringComparer.Ordinal);
        foreach (var movie in movies)
        {
            if (!seen.TryAdd(movie.MovieId, movie.Line))
            {
                throw new MalformedInputException(
                    MoviesPath, movie.Line, FormattableString.Invariant($"movie id {movie.MovieId} already appeared on line {seen[movie.MovieId]}"));
            }
        }

        return movies;
    }

    private List<MovieRow> ReadMovieRows()
    {
        using var reader = new StreamReader(MoviesPath, MoviesEncoding, detectEncodingFromByteOrderMarks: true);
        if (Format == MovieLensFormat.Csv)
        {
            return [.. MovieLensCsv.ReadMovies(reader, MoviesPath)];
        }

        var genres = MovieLens100K.StandardGenres;
        if (GenresPath is not null)
        {
            using var genreReader = new StreamReader(GenresPath, MovieLens100K.Encoding);
            genres = MovieLens100K.ReadGenres(genreReader, GenresPath);
        }

        return [.. MovieLens100K.ReadMovies(reader, MoviesPath, genres)];
    }

    /// <summary>The ratings of <paramref name="reader"/>, which must be open on <see cref="RatingsPath"/>.</summary>
    public IEnumerable<RatingRow> ReadRatings(TextReader reader) => Format == MovieLensFormat.Ml100K
        ? MovieLens100K.ReadRatings(reader, RatingsPath)
        : MovieLensCsv.ReadRatings(reader, RatingsPath);
}
