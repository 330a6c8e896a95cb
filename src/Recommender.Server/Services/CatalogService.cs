using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Recommender.Contracts.V1;
using Recommender.Data;
using Recommender.Server.Logging;
using Recommender.Server.Options;
using Recommender.Server.Security;
using Recommender.Server.Validation;
using Api = Recommender.Contracts.V1;

namespace Recommender.Server.Services;

/// <summary>The movie catalogue over gRPC.</summary>
internal sealed class CatalogService(
    CatalogStore catalog,
    IOptions<RecommenderOptions> options,
    ILogger<CatalogService> logger) : Api.CatalogService.CatalogServiceBase
{
    private const int DefaultPageSize = 100;
    private const string PageTokenPrefix = "after:";

    [Authorize(Policy = Roles.WritePolicy)]
    public override async Task<UpsertMoviesResponse> UpsertMovies(UpsertMoviesRequest request, ServerCallContext context)
    {
        var limits = options.Value.Limits;
        RequestValidation.AtMost(request.Movies.Count, limits.MaxMoviesPerUpsert, "movies", nameof(limits.MaxMoviesPerUpsert));
        if (request.Movies.Count == 0)
        {
            RequestValidation.ThrowInvalid("movies", "must hold at least one movie");
        }

        var movies = new List<MovieRecord>(request.Movies.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < request.Movies.Count; i++)
        {
            var movie = ToRecord(request.Movies[i], new FieldPath("movies", i), limits.MaxGenresPerMovie);
            if (!seen.Add(movie.MovieId))
            {
                RequestValidation.ThrowInvalid($"movies[{i}].movie_id", $"'{movie.MovieId}' occurs more than once in this call");
            }

            movies.Add(movie);
        }

        var upserted = await catalog.UpsertAsync(movies, context.CancellationToken);
        ServerLog.MoviesUpserted(logger, upserted);
        return new UpsertMoviesResponse { Upserted = upserted };
    }

    [Authorize(Policy = Roles.ReadPolicy)]
    public override async Task<GetMovieResponse> GetMovie(GetMovieRequest request, ServerCallContext context)
    {
        RequestValidation.Id(request.MovieId);
        var movie = await catalog.GetAsync(request.MovieId, context.CancellationToken);
        return new GetMovieResponse { Movie = ToMessage(movie) };
    }

    [Authorize(Policy = Roles.ReadPolicy)]
    public override async Task<ListMoviesResponse> ListMovies(ListMoviesRequest request, ServerCallContext context)
    {
        var pageSize = RequestValidation.Limit(request.PageSize, DefaultPageSize, options.Value.Limits.MaxLimit);
        var afterKey = DecodePageToken(request.PageToken);
        var genre = request.Genre.Length == 0 ? null : RequestValidation.Genre(request.Genre);
        var (movies, next) = await catalog.ListAsync(pageSize, afterKey, genre, context.CancellationToken);
        var response = new ListMoviesResponse { NextPageToken = next is int key ? EncodePageToken(key) : "" };
        response.Movies.Add(movies.Select(ToMessage));
        return response;
    }

    private static MovieRecord ToRecord(Movie movie, FieldPath path, int maxGenres)
    {
        RequestValidation.Id(movie.MovieId, path);
        RequestValidation.Text(movie.Title, DataLimits.MaxTitleLength, path);
        if (movie.Year != 0 && movie.Year is < 1800 or > 2200)
        {
            RequestValidation.ThrowInvalid(path.Format("year"), $"must be 0 (unknown) or between 1800 and 2200, got {movie.Year}");
        }

        RequestValidation.AtMost(movie.Genres.Count, maxGenres, "genres", nameof(LimitOptions.MaxGenresPerMovie), path);
        var genres = new List<string>(movie.Genres.Count);
        for (var g = 0; g < movie.Genres.Count; g++)
        {
            var genre = RequestValidation.Genre(movie.Genres[g], new FieldPath(path.Format("genres"), g), expression: "");
            if (!genres.Contains(genre, StringComparer.OrdinalIgnoreCase))
            {
                genres.Add(genre);
            }
        }

        return new MovieRecord(movie.MovieId, movie.Title, movie.Year, genres);
    }

    private static Movie ToMessage(MovieRecord movie) =>
        new() { MovieId = movie.MovieId, Title = movie.Title, Year = movie.Year, Genres = { movie.Genres } };

    private static string EncodePageToken(int afterKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(PageTokenPrefix + afterKey.ToString(CultureInfo.InvariantCulture)));

    private static int DecodePageToken(string token)
    {
        if (token.Length == 0)
        {
            return 0;
        }

        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(token.Length)];
        if (Convert.TryFromBase64String(token, bytes, out var written)
            && Encoding.UTF8.GetString(bytes, 0, written) is var text
            && text.StartsWith(PageTokenPrefix, StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(PageTokenPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var key))
        {
            return key;
        }

        RequestValidation.ThrowInvalid("page_token", "is not a token returned by ListMovies");
        return 0;
    }
}
