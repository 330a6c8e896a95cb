using System.Diagnostics;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Recommender.Contracts.V1;
using Recommender.Data;
using Recommender.Server.Application;
using Recommender.Server.Logging;
using Recommender.Server.Options;
using Recommender.Server.Security;
using Recommender.Server.Validation;
using Api = Recommender.Contracts.V1;

namespace Recommender.Server.Services;

/// <summary>Ratings over gRPC: single upserts, bulk streams, deletes and reads.</summary>
internal sealed class RatingService(
    RatingStore ratings,
    OnlineUpdater online,
    PopularMovies popular,
    IOptions<RecommenderOptions> options,
    TimeProvider clock,
    ILogger<RatingService> logger) : Api.RatingService.RatingServiceBase
{
    [Authorize(Policy = Roles.WritePolicy)]
    public override async Task<AddRatingResponse> AddRating(AddRatingRequest request, ServerCallContext context)
    {
        var rating = new RatingRecord(
            RequestValidation.Id(request.UserId),
            RequestValidation.Id(request.MovieId),
            RequestValidation.Rating(request.Value, options.Value.RatingRange),
            RequestValidation.Timestamp(request.RatedAt, clock.GetUtcNow()));
        await ratings.UpsertAsync(rating, context.CancellationToken);
        popular.Invalidate();
        var (version, updated) = await online.RefitUserAsync(rating.UserId, context.CancellationToken);
        return new AddRatingResponse { ModelVersion = version, UserUpdated = updated };
    }

    [Authorize(Policy = Roles.WritePolicy)]
    public override async Task<IngestRatingsResponse> IngestRatings(IAsyncStreamReader<Rating> requestStream, ServerCallContext context)
    {
        var result = await IngestAsync(requestStream.ReadAllAsync(context.CancellationToken), context.CancellationToken);
        return new IngestRatingsResponse { Accepted = result.Accepted, NewUsers = result.NewUsers };
    }

    [Authorize(Policy = Roles.WritePolicy)]
    public override async Task<IngestRatingBatchesResponse> IngestRatingBatches(IAsyncStreamReader<IngestRatingBatchesRequest> requestStream, ServerCallContext context)
    {
        var result = await IngestAsync(Flatten(requestStream, context.CancellationToken), context.CancellationToken);
        return new IngestRatingBatchesResponse { Accepted = result.Accepted, NewUsers = result.NewUsers };
    }

    /// <summary>Validates every row before anything is written, then stores them in one transaction: all or nothing.</summary>
    private async Task<IngestResult> IngestAsync(IAsyncEnumerable<Rating> rows, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var range = options.Value.RatingRange;
        var maxRows = options.Value.Limits.MaxRatingsPerStream;
        var now = clock.GetUtcNow();
        var batch = new RatingBatch();
        await foreach (var rating in rows)
        {
            var row = batch.Count;
            RequestValidation.AtMost(row + 1, maxRows, "ratings", nameof(LimitOptions.MaxRatingsPerStream), expression: "ratings");
            var path = new FieldPath("ratings", row);
            batch.Add(
                RequestValidation.Id(rating.UserId, path),
                RequestValidation.Id(rating.MovieId, path),
                RequestValidation.Rating(rating.Value, range, path),
                RequestValidation.Timestamp(rating.RatedAt, now, path));
        }

        var received = started.ElapsedMilliseconds;
        var result = await ratings.IngestAsync(batch, cancellationToken);
        popular.Invalidate();
        ServerLog.RatingsIngested(logger, result.Accepted, result.NewUsers, received, started.ElapsedMilliseconds - received);
        return result;
    }

    private static async IAsyncEnumerable<Rating> Flatten(
        IAsyncStreamReader<IngestRatingBatchesRequest> batches, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var batch in batches.ReadAllAsync(cancellationToken))
        {
            foreach (var rating in batch.Ratings)
            {
                yield return rating;
            }
        }
    }

    [Authorize(Policy = Roles.AdminPolicy)]
    public override async Task<DeleteRatingResponse> DeleteRating(DeleteRatingRequest request, ServerCallContext context)
    {
        RequestValidation.Id(request.UserId);
        RequestValidation.Id(request.MovieId);
        var deleted = await ratings.DeleteAsync(request.UserId, request.MovieId, context.CancellationToken);
        if (deleted)
        {
            popular.Invalidate();
            await online.RefitUserAsync(request.UserId, context.CancellationToken);
        }

        return new DeleteRatingResponse { Deleted = deleted };
    }

    [Authorize(Policy = Roles.ReadPolicy)]
    public override async Task<GetUserRatingsResponse> GetUserRatings(GetUserRatingsRequest request, ServerCallContext context)
    {
        RequestValidation.Id(request.UserId);
        var stored = await ratings.GetForUserAsync(request.UserId, context.CancellationToken);
        var response = new GetUserRatingsResponse();
        response.Ratings.Add(stored.Select(ToMessage));
        return response;
    }

    private static Rating ToMessage(RatingRecord rating) => new()
    {
        UserId = rating.UserId,
        MovieId = rating.MovieId,
        Value = rating.Value,
        RatedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(rating.RatedAt)),
    };
}
