namespace Recommender.Core.Training;

/// <summary>Hyperparameters of <see cref="MatrixFactorizationTrainer"/>.</summary>
/// <remarks>
/// The defaults (per-rating fused SGD: d=256, 100 epochs, η=0.01 decaying 3%/epoch, λ=0.05, λ_b=0.02, init std 0.01)
/// were tuned on MovieLens 100k, selecting on a 10% validation split carved out of u1.base and u2.base only (the
/// `tune` report), and score a 5-fold test RMSE of 0.9045 (the `train` report). They are a good start for explicit
/// 1–5 star ratings. The small initialisation helps accuracy on ml-100k but makes SGD spend its first epochs near the
/// P = Q = 0 saddle: with few epochs or few ratings per row, raise <see cref="InitStd"/> (e.g. 0.1) or use Adagrad. Call <see cref="Validate"/> before use; the trainer does.
/// </remarks>
public sealed record TrainingOptions
{
    /// <summary>Latent dimensions d (1–1024).</summary>
    public int Dimensions { get; init; } = 256;

    /// <summary>Passes over the training ratings (1–10000).</summary>
    public int Epochs { get; init; } = 100;

    /// <summary>Initial step size η, per rating (gradients are summed over a batch, not averaged).</summary>
    public float LearningRate { get; init; } = 0.01f;

    /// <summary>Multiplicative learning-rate decay per epoch: epoch e (0-based) uses η·decayᵉ. 1 disables it.</summary>
    public float LearningRateDecay { get; init; } = 0.97f;

    /// <summary>λ, the per-rating L2 coefficient for the factor rows p_u and q_m.</summary>
    public float Regularization { get; init; } = 0.05f;

    /// <summary>The per-rating L2 coefficient for the biases b_u and b_m.</summary>
    public float BiasRegularization { get; init; } = 0.02f;

    /// <summary>The sparse optimizer.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;

    /// <summary>
/// Ratings per mini-batch (one sparse gradient and one optimizer step per table per batch). 1 (the default) with SGD
/// takes the fused per-rating path; see <see cref="FusedUpdates"/>.
/// </summary>
    public int BatchSize { get; init; } = 1;

    /// <summary>
    /// Whether SGD with <see cref="BatchSize"/> = 1 runs the fused per-rating kernel (default true): each rating is a
    /// batch of one, whose update touches exactly p_u, q_m, b_u and b_m (L2 on those rows only) and is applied in place
    /// in one dot pass plus one update pass, as LIBMF does, instead of building a sparse gradient and stepping an
    /// optimizer. Same semantics as the mini-batch path with batch size 1, up to float rounding; about 3× the throughput
    /// of the mini-batch path at batch size 256 (the `train` report).
    /// Ignored for other optimizers and batch sizes; false forces the mini-batch path (for comparisons).
    /// </summary>
    public bool FusedUpdates { get; init; } = true;

    /// <summary>Whether training takes the fused per-rating path: <see cref="FusedUpdates"/>, SGD and batch size 1.</summary>
    public bool UsesFusedUpdates => FusedUpdates && Optimizer == OptimizerKind.Sgd && BatchSize == 1;

    /// <summary>Fraction of ratings the caller should hold out for validation, in [0, 1). The trainer itself does not split.</summary>
    public double ValidationFraction { get; init; } = 0.05;

    /// <summary>The only source of randomness: initialisation and shuffles.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Worker threads; 0 means all cores. With 1 thread, training is bit-for-bit reproducible.</summary>
    public int Threads { get; init; }

    /// <summary>How epochs are spread over threads.</summary>
    public ParallelStrategy Parallelism { get; init; } = ParallelStrategy.Partitioned;

    /// <summary>Standard deviation of the N(0, std²) initialisation of the factor rows (biases start at 0).</summary>
    public float InitStd { get; init; } = 0.01f;

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
        Check(Enum.IsDefined(Optimizer), nameof(Optimizer), Optimizer, "unknown optimizer");
        Check(BatchSize is >= 1 and <= 1 << 20, nameof(BatchSize), BatchSize, "must be in [1, 1048576]");
        Check(ValidationFraction >= 0 && ValidationFraction < 1, nameof(ValidationFraction), ValidationFraction, "must be in [0, 1)");
        Check(Threads is >= 0 and <= 1024, nameof(Threads), Threads, "must be in [0, 1024]");
        Check(Enum.IsDefined(Parallelism), nameof(Parallelism), Parallelism, "unknown strategy");
        Check(InitStd >= 0 && float.IsFinite(InitStd), nameof(InitStd), InitStd, "must be non-negative and finite");
    }

    /// <summary>Parses an optimizer name: "sgd", "adagrad" or "sparse_adam" (case-insensitive; "sparseadam" is accepted too).</summary>
    /// <exception cref="ArgumentException">The name is not one of those.</exception>
    public static OptimizerKind ParseOptimizer(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var trimmed = name.Trim();
        if (trimmed.Equals("sgd", StringComparison.OrdinalIgnoreCase))
        {
            return OptimizerKind.Sgd;
        }

        if (trimmed.Equals("adagrad", StringComparison.OrdinalIgnoreCase))
        {
            return OptimizerKind.Adagrad;
        }

        if (trimmed.Equals("sparse_adam", StringComparison.OrdinalIgnoreCase) || trimmed.Equals("sparseadam", StringComparison.OrdinalIgnoreCase))
        {
            return OptimizerKind.SparseAdam;
        }

        throw new ArgumentException($"unknown optimizer '{name}'; expected sgd, adagrad or sparse_adam", nameof(name));
    }

    private static void Check<T>(bool ok, string name, T value, string message)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, message);
        }
    }
}
