using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Recommender.Contracts.V1;
using Recommender.Core;
using Recommender.Core.Scoring;
using Recommender.Data;
using Recommender.Server.Application;
using Recommender.Server.Options;
using Recommender.Server.Security;
using Recommender.Server.Validation;
using Api = Recommender.Contracts.V1;

namespace Recommender.Server.Services;

/// <summary>Nearest-neighbour queries over the published model (cosine similarity).</summary>
internal sealed class RecommendationService(
    ModelEngine engine,
    PopularMovies popular,
    RatingStore ratings,
    CatalogStore catalog,
    IOptions<RecommenderOptions> options) : Api.RecommendationService.RecommendationServiceBase
{
    private const int DefaultLimit = 10;

    [Authorize(Policy = Roles.ReadPolicy)]
    public override async Task<RecommendationList> RecommendForUser(RecommendForUserRequest request, ServerCallContext context)
    {
        RequestValidation.Id(request.UserId);
        var limit = RequestValidation.Limit(request.Limit, DefaultLimit, options.Value.Limits.MaxLimit);
        ValidateIds(request.ExcludeMovieIds, "exclude_movie_ids");
        ValidateGenres(request.Genres);
        var rated = request.IncludeRated ? [] : await ratings.GetRatedMovieIdsAsync(request.UserId, context.CancellationToken);

        var model = engine.Current;
        return (model is null ? null : Personalized(model, request, rated, limit))
            ?? await PopularAsync(request, rated, limit, model?.Version ?? 0, context.CancellationToken);
    }

    /// <summary>Top movies by predicted rating, or null when the model does not know the user.</summary>
    private static RecommendationList? Personalized(ServingModel model, RecommendForUserRequest request, IReadOnlyList<string> rated, int limit)
    {
        if (!model.TryGetUser(request.UserId, out var vector, out var userBias, out _))
        {
            return null;
        }

        var count = model.Movies.Count;
        var exclude = RowsOf(model, rated, count);
        exclude.UnionWith(RowsOf(model, request.ExcludeMovieIds, count));
        var include = GenreFilter(model, request.Genres);

        // Cosine over the bias-augmented rows ranks exactly as the predicted rating does.
        Span<float> query = stackalloc float[model.Model.Dimensions + 2];
        MipsTransform.AugmentQuery(vector, query);
        var queryNorm = MipsTransform.AugmentedQueryNorm(vector);
        var hits = model.RankingIndex.Search(query, limit, exclude, include);
        var baseline = model.Model.GlobalMean + userBias;
        return ToList(model, hits, "personalized", hit => baseline + MipsTransform.RawScore(hit.Score, queryNorm, model.RankingMaxNorm));
    }

    [Authorize(Policy = Roles.ReadPolicy)]
    public override async Task<RecommendationList> SimilarMovies(SimilarMoviesRequest request, ServerCallContext context)
    {
        RequestValidation.Id(request.MovieId);
        var limit = RequestValidation.Limit(request.Limit, DefaultLimit, options.Value.Limits.MaxLimit);
        ValidateGenres(request.Genres);
        var model = engine.Current;
        if (model is null || !model.Movies.TryGetIndex(request.MovieId, out var row))
        {
            if (!await catalog.ExistsAsync(request.MovieId, context.CancellationToken))
            {
                throw new UnknownEntityException("movie", request.MovieId);
            }

            // A catalogue movie without ratings at training time has no embedding yet: nothing is similar.
            return model is null ? throw new ModelNotReadyException() : new RecommendationList { ModelVersion = model.Version, Strategy = "similar" };
        }

        var exclude = new RowFilter(model.Movies.Count);
        exclude.Set(row);
        var hits = model.MovieIndex.Search(model.Model.MovieFactors.Row(row), limit, exclude, GenreFilter(model, request.Genres));
        return ToList(model, hits, "similar", hit => hit.Score);
    }

    [Authorize(Policy = Roles.ReadPolicy)]
    public override Task<SimilarUsersResponse> SimilarUsers(SimilarUsersRequest request, ServerCallContext context)
    {
        RequestValidation.Id(request.UserId);
        var limit = RequestValidation.Limit(request.Limit, DefaultLimit, options.Value.Limits.MaxLimit);
        var model = engine.Require();
        if (!model.TryGetUser(request.UserId, out var vector, out _, out var row))
        {
            throw new UnknownEntityException("user", request.UserId);
        }

        RowFilter? exclude = null;
        if (row >= 0)
        {
            exclude = new RowFilter(model.Users.Count);
            exclude.Set(row);
        }

        var response = new SimilarUsersResponse { ModelVersion = model.Version };
        foreach (var hit in model.UserIndex.Search(vector, limit, exclude))
        {
            response.Users.Add(new SimilarUser { UserId = model.Users[hit.Row], Score = hit.Score });
        }

        return Task.FromResult(response);
    }

    [Authorize(Policy = Roles.ReadPolicy)]
    public override Task<PredictRatingsResponse> PredictRatings(PredictRatingsRequest request, ServerCallContext context)
    {
        RequestValidation.Id(request.UserId);
        if (request.MovieIds.Count == 0)
        {
            RequestValidation.ThrowInvalid("movie_ids", "must name at least one movie");
        }

        ValidateIds(request.MovieIds, "movie_ids");
        var model = engine.Require();
        var range = options.Value.RatingRange;
        var response = new PredictRatingsResponse { ModelVersion = model.Version };
        foreach (var movieId in request.MovieIds)
        {
            response.Predictions.Add(range.Clamp(model.Predict(request.UserId, movieId)));
        }

        return Task.FromResult(response);
    }

    private async Task<RecommendationList> PopularAsync(RecommendForUserRequest request, IReadOnlyList<string> rated, int limit, long version, CancellationToken cancellationToken)
    {
        var skip = new HashSet<string>(rated, StringComparer.Ordinal);
        skip.UnionWith(request.ExcludeMovieIds);
        var list = new RecommendationList { ModelVersion = version, Strategy = "popular" };
        foreach (var (movie, count) in await popular.GetAsync(cancellationToken))
        {
            if (list.Items.Count == limit)
            {
                break;
            }

            if (!skip.Contains(movie.MovieId) && (request.Genres.Count == 0 || movie.Genres.Any(g => request.Genres.Contains(g, StringComparer.OrdinalIgnoreCase))))
            {
                list.Items.Add(ToItem(movie, count));
            }
        }

        return list;
    }

    private static RowFilter RowsOf(ServingModel model, IEnumerable<string> movieIds, int count)
    {
        var rows = new RowFilter(count);
        foreach (var id in movieIds)
        {
            if (model.Movies.TryGetIndex(id, out var row))
            {
                rows.Set(row);
            }
        }

        return rows;
    }

    /// <summary>Movies of any of <paramref name="genres"/>; null (no filter) when none are asked for.</summary>
    private static RowFilter? GenreFilter(ServingModel model, IReadOnlyCollection<string> genres)
    {
        if (genres.Count == 0)
        {
            return null;
        }

        var include = new RowFilter(model.Movies.Count);
        foreach (var genre in genres)
        {
            if (model.GenreRows.TryGetValue(genre, out var rows))
            {
                include.UnionWith(rows);
            }
        }

        return include;
    }

    private void ValidateIds(IReadOnlyList<string> ids, string field)
    {
        RequestValidation.AtMost(ids.Count, options.Value.Limits.MaxIdsPerRequest, "ids", nameof(LimitOptions.MaxIdsPerRequest), expression: field);
        for (var i = 0; i < ids.Count; i++)
        {
            RequestValidation.Id(ids[i], new FieldPath(field, i), expression: "");
        }
    }

    private void ValidateGenres(IReadOnlyList<string> genres)
    {
        RequestValidation.AtMost(genres.Count, options.Value.Limits.MaxIdsPerRequest, "genres", nameof(LimitOptions.MaxIdsPerRequest), expression: "genres");
        for (var i = 0; i < genres.Count; i++)
        {
            RequestValidation.Genre(genres[i], new FieldPath("genres", i), expression: "");
        }
    }

    private static RecommendationList ToList(ServingModel model, ScoredRow[] hits, string strategy, Func<ScoredRow, float> score)
    {
        var list = new RecommendationList { ModelVersion = model.Version, Strategy = strategy };
        foreach (var hit in hits)
        {
            list.Items.Add(ToItem(model.MovieInfo[hit.Row], score(hit)));
        }

        return list;
    }

    private static ScoredMovie ToItem(MovieRecord movie, float score) =>
        new() { MovieId = movie.MovieId, Title = movie.Title, Year = movie.Year, Genres = { movie.Genres }, Score = score };
}
