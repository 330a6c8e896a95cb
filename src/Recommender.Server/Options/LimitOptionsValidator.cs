using Microsoft.Extensions.Options;

namespace Recommender.Server.Options;

/// <summary>Refuses to start with a limit that is zero, negative, or looser than the API promises.</summary>
internal sealed class LimitOptionsValidator : IValidateOptions<RecommenderOptions>
{
    /// <summary>The API caps a result count at 1000 (DESIGN.md §4); configuration may only lower it.</summary>
    public const int ApiMaxLimit = 1000;

    public ValidateOptionsResult Validate(string? name, RecommenderOptions options)
    {
        var limits = options.Limits;
        var problems = new List<string>();
        void Positive(int value, string setting)
        {
            if (value < 1)
            {
                problems.Add($"Recommender:Limits:{setting} must be at least 1, got {value}");
            }
        }

        Positive(limits.MaxMessageBytes, nameof(limits.MaxMessageBytes));
        Positive(limits.MaxMoviesPerUpsert, nameof(limits.MaxMoviesPerUpsert));
        Positive(limits.MaxRatingsPerStream, nameof(limits.MaxRatingsPerStream));
        Positive(limits.MaxLimit, nameof(limits.MaxLimit));
        Positive(limits.MaxGenresPerMovie, nameof(limits.MaxGenresPerMovie));
        Positive(limits.MaxIdsPerRequest, nameof(limits.MaxIdsPerRequest));
        if (limits.MaxLimit > ApiMaxLimit)
        {
            problems.Add($"Recommender:Limits:MaxLimit must be at most {ApiMaxLimit}, got {limits.MaxLimit}");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
