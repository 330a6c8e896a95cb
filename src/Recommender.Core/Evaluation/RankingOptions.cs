namespace Recommender.Core.Evaluation;

/// <summary>The ranking protocol: cut-off and what counts as relevant.</summary>
public sealed record RankingOptions
{
    /// <summary>The list length k (1–1000).</summary>
    public int K { get; init; } = 10;

    /// <summary>A held-out rating at or above this value is relevant (4 stars by default).</summary>
    public float RelevanceThreshold { get; init; } = 4f;

    /// <summary>Worker threads over users; 0 means all cores.</summary>
    public int Threads { get; init; }

    /// <summary>Checks every property.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A property is out of range; the parameter name is the property's name.</exception>
    public void Validate()
    {
        if (K is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(K), K, "must be in [1, 1000]");
        }

        if (!float.IsFinite(RelevanceThreshold))
        {
            throw new ArgumentOutOfRangeException(nameof(RelevanceThreshold), RelevanceThreshold, "must be finite");
        }

        if (Threads is < 0 or > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "must be in [0, 1024]");
        }
    }
}
