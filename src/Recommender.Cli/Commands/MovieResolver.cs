using System.Text;
using Grpc.Core;
using Recommender.Cli.MovieLens;
using Recommender.Contracts.V1;

namespace Recommender.Cli.Commands;

/// <summary>
/// Finds a movie by id or by title. Titles match case-insensitively, best tier first: the exact
/// title (or "Title (year)"), then the title without its year, then a substring of the title.
/// </summary>
public static class MovieResolver
{
    private const int PageSize = 1000;
    private const int CandidatesShown = 20;

    public static async Task<Movie> ResolveAsync(CliContext context, string idOrTitle, CancellationToken cancellationToken)
    {
        var text = idOrTitle.Trim();
        if (text.Length == 0)
        {
            throw new CliUsageException("the movie must be an id or a title, got an empty string");
        }

        try
        {
            var response = await context.Catalog.GetMovieAsync(new GetMovieRequest { MovieId = text }, cancellationToken: cancellationToken);
            return response.Movie;
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            // Not an id; fall through to the title search.
        }

        var candidates = await FindByTitleAsync(context, text, cancellationToken);
        return candidates.Count switch
        {
            1 => candidates[0],
            0 => throw new RpcException(new Status(StatusCode.NotFound, $"movie '{text}' is not known: no movie has that id, and no title contains it")),
            _ => throw new CliUsageException(Ambiguous(text, candidates)),
        };
    }

    /// <summary>The movies of the best matching tier; empty when nothing matches.</summary>
    public static async Task<List<Movie>> FindByTitleAsync(CliContext context, string query, CancellationToken cancellationToken)
    {
        var (queryTitle, queryYear) = MovieLensTitle.Split(query);
        var exact = new List<Movie>();
        var withoutYear = new List<Movie>();
        var substring = new List<Movie>();
        var request = new ListMoviesRequest { PageSize = PageSize };
        do
        {
            var page = await context.Catalog.ListMoviesAsync(request, cancellationToken: cancellationToken);
            foreach (var movie in page.Movies)
            {
                if (Equal(movie.Title, query) || (movie.Year != 0 && Equal($"{movie.Title} ({movie.Year})", query)))
                {
                    exact.Add(movie);
                    continue;
                }

                var (title, titleYear) = MovieLensTitle.Split(movie.Title);
                var year = movie.Year != 0 ? movie.Year : titleYear;
                if (queryYear != 0 && year != queryYear)
                {
                    continue;
                }

                if (Equal(title, queryTitle))
                {
                    withoutYear.Add(movie);
                }
                else if (movie.Title.Contains(queryTitle, StringComparison.OrdinalIgnoreCase))
                {
                    substring.Add(movie);
                }
            }

            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        return exact.Count > 0 ? exact : withoutYear.Count > 0 ? withoutYear : substring;
    }

    private static bool Equal(string a, string b) => string.Equals(a.Trim(), b, StringComparison.OrdinalIgnoreCase);

    private static string Ambiguous(string query, List<Movie> candidates)
    {
        var message = new StringBuilder();
        message.Append(System.Globalization.CultureInfo.InvariantCulture, $"'{query}' matches {candidates.Count} movies; pass the id of the one you mean:");
        foreach (var movie in candidates.Take(CandidatesShown))
        {
            message.Append('\n').Append("  ").Append(movie.MovieId.PadRight(10)).Append(' ').Append(movie.Title);
            if (movie.Year != 0)
            {
                message.Append(System.Globalization.CultureInfo.InvariantCulture, $" ({movie.Year})");
            }
        }

        if (candidates.Count > CandidatesShown)
        {
            message.Append(System.Globalization.CultureInfo.InvariantCulture, $"\n  ... and {candidates.Count - CandidatesShown} more; add the year or more of the title");
        }

        return message.ToString();
    }
}
