using Recommender.Core;
using Recommender.Core.Training;

namespace Recommender.Server.Options;

/// <summary>The <c>Recommender</c> configuration section (environment: <c>Recommender__Key</c>).</summary>
public sealed class RecommenderOptions
{
    public const string SectionName = "Recommender";

    /// <summary>SQLite file; relative paths resolve against the working folder.</summary>
    public string Database { get; set; } = "recommender.db";

    /// <summary>Lowest valid rating.</summary>
    public float RatingMin { get; set; } = 0.5f;

    /// <summary>Highest valid rating.</summary>
    public float RatingMax { get; set; } = 5.0f;

    /// <summary>Default hyperparameters for ModelService.Train (a request's zero fields fall back to these).</summary>
    public TrainingOptions Training { get; set; } = new();

    /// <summary>Default hyperparameters for ModelService.Train with objective "ranking" (<c>Recommender:RankingTraining:*</c>).</summary>
    public BprOptions RankingTraining { get; set; } = new();

    /// <summary>Request size limits.</summary>
    public LimitOptions Limits { get; set; } = new();

    /// <summary>The rating range as Core sees it.</summary>
    public RatingRange RatingRange => new(RatingMin, RatingMax);

    /// <summary>The database path made absolute against the current working folder.</summary>
    public string DatabaseFullPath => Path.GetFullPath(Database, Directory.GetCurrentDirectory());
}

/// <summary>Limits that keep one request from exhausting the server.</summary>
public sealed class LimitOptions
{
    /// <summary>Largest gRPC message accepted, in bytes.</summary>
    public int MaxMessageBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Most movies in one UpsertMovies call.</summary>
    public int MaxMoviesPerUpsert { get; set; } = 10_000;

    /// <summary>Most rows in one IngestRatings stream.</summary>
    public int MaxRatingsPerStream { get; set; } = 50_000_000;

    /// <summary>Most results one query may ask for.</summary>
    public int MaxLimit { get; set; } = 1000;

    /// <summary>Most genres one movie may have.</summary>
    public int MaxGenresPerMovie { get; set; } = 32;
}
