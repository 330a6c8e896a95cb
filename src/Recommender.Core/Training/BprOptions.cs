namespace Recommender.Core.Training;

/// <summary>Hyperparameters of <see cref="BprTrainer"/>, the ranking objective.</summary>
/// <remarks>
/// The defaults (d=64, 60 epochs, η=0.02, 4 negatives per positive, rating loss at weight 0.2, Hogwild) come from
/// the `rank` benchmark report on MovieLens 100k u1–u5, where they reach about P@10 0.28 and NDCG@10 0.37 against
/// popularity's 0.157 / 0.198. Call <see cref="Validate"/> before use; the trainer does.
/// </remarks>
public sealed record BprOptions
{
    /// <summary>Latent dimensions d (1–1024).</summary>
    public int Dimensions { get; init; } = 64;

    /// <summary>Passes over the positives (1–10000).</summary>
    public int Epochs { get; init; } = 60;

    /// <summary>Initial step size η, per positive (its rating term and all its pairs).</summary>
    public float LearningRate { get; init; } = 0.02f;

    /// <summary>Multiplicative learning-rate decay per epoch: epoch e (0-based) uses η·decayᵉ. 1 disables it.</summary>
    public float LearningRateDecay { get; init; } = 1f;

    /// <summary>λ, the L2 coefficient per use of a factor row (p_u, q_i, q_j) in a loss term.</summary>
    public float Regularization { get; init; } = 0.01f;

    /// <summary>The L2 coefficient per use of a bias (b_u, b_i, b_j) in a loss term.</summary>
    public float BiasRegularization { get; init; } = 0.01f;

    /// <summary>Negatives sampled per positive, uniformly over the movies the user has not rated (1–100).</summary>
    public int NegativesPerPositive { get; init; } = 4;

    /// <summary>
    /// Weight w of the squared rating loss ½w(μ + b_u + b_i + p_u·q_i − r)² added for each positive, in [0, 100].
    /// 0 is pure BPR. A small weight keeps the scores related to the ratings, which the calibration then uses.
    /// </summary>
    public float RatingWeight { get; init; } = 0.2f;

    /// <summary>
    /// Ratings below this value take part in the rating term only, not as BPR positives (they are never sampled as
    /// negatives either). 0 (the default) makes every rated movie a positive: on MovieLens, what a user chose to watch
    /// predicts what they will rate highly. Raise it (e.g. 4) where users rate much of what they dislike.
    /// </summary>
    public float PositiveThreshold { get; init; }

    /// <summary>
    /// Whether SGD runs the fused per-positive kernel (default true): the same update as the sparse-gradient path, the
    /// rows read before the step and L2 per use, applied in place without building sparse gradients or stepping the
    /// optimizers. Equal up to float rounding, except that a negative drawn twice for one positive is updated twice
    /// instead of once with the coalesced gradient (an O(η²λ) difference). Ignored for other optimizers.
    /// </summary>
    public bool FusedUpdates { get; init; } = true;

    /// <summary>Whether training takes the fused path: <see cref="FusedUpdates"/> and SGD.</summary>
    public bool UsesFusedUpdates => FusedUpdates && Optimizer == OptimizerKind.Sgd;

    /// <summary>The sparse optimizer.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;

    /// <summary>Standard deviation of the N(0, std²) initialisation of the factor rows (biases start at 0).</summary>
    public float InitStd { get; init; } = 0.1f;

    /// <summary>The only source of randomness: initialisation, shuffles and negative sampling.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Worker threads (Hogwild); 0 means all cores. With 1 thread, training is bit-for-bit reproducible.</summary>
    public int Threads { get; init; }

    /// <summary>Fraction of ratings the caller should hold out for validation, in [0, 1). The trainer itself does not split.</summary>
    public double ValidationFraction { get; init; } = 0.05;

    /// <summary>Passes over the user's ratings when one user is refitted online (<see cref="RankingFoldIn"/>), 1–10000.</summary>
    public int FoldInEpochs { get; init; } = 40;

    /// <summary>The thread count to use: <see cref="Threads"/>, or the processor count when it is 0.</summary>
    public int EffectiveThreads => Threads == 0 ? Environment.ProcessorCount : Threads;

    /// <summary>Checks every property.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A property is out of range; the parameter name is the property's name.</exception>
    public void Validate()
    {
        Check(Dimensions is >= 1 and <= 1024, nameof(Dimensions), Dimensions, "must be in [1, 1024]");
        Check(Epochs is >= 1 and <= 10_000, nameof(Epochs), Epochs, "must be in [1, 10000]");
        Check(LearningRate > 0 && float.IsFinite(LearningRate), nameof(LearningRate), LearningRate, "must be positive and finite");
        Check(LearningRateDecay > 0 && LearningRateDecay <= 1, nameof(LearningRateDecay), LearningRateDecay, "must be in (0, 1]");
        Check(Regularization >= 0 && float.IsFinite(Regularization), nameof(Regularization), Regularization, "must be non-negative and finite");
        Check(BiasRegularization >= 0 && float.IsFinite(BiasRegularization), nameof(BiasRegularization), BiasRegularization, "must be non-negative and finite");
        Check(NegativesPerPositive is >= 1 and <= 100, nameof(NegativesPerPositive), NegativesPerPositive, "must be in [1, 100]");
        Check(RatingWeight is >= 0 and <= 100, nameof(RatingWeight), RatingWeight, "must be in [0, 100]");
        Check(float.IsFinite(PositiveThreshold), nameof(PositiveThreshold), PositiveThreshold, "must be finite");
        Check(Enum.IsDefined(Optimizer), nameof(Optimizer), Optimizer, "unknown optimizer");
        Check(InitStd >= 0 && float.IsFinite(InitStd), nameof(InitStd), InitStd, "must be non-negative and finite");
        Check(Threads is >= 0 and <= 1024, nameof(Threads), Threads, "must be in [0, 1024]");
        Check(ValidationFraction >= 0 && ValidationFraction < 1, nameof(ValidationFraction), ValidationFraction, "must be in [0, 1)");
        Check(FoldInEpochs is >= 1 and <= 10_000, nameof(FoldInEpochs), FoldInEpochs, "must be in [1, 10000]");
    }

    private static void Check<T>(bool ok, string name, T value, string message)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, message);
        }
    }
}
