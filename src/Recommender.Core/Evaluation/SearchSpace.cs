using Recommender.Core.Training;

namespace Recommender.Core.Evaluation;

/// <summary>The values <see cref="HyperparameterSearch"/> samples from; each trial draws one value per list uniformly.</summary>
public sealed record SearchSpace
{
    /// <summary>Latent dimensions d.</summary>
    public IReadOnlyList<int> Dimensions { get; init; } = [64, 128, 256];

    /// <summary>Passes over the training ratings.</summary>
    public IReadOnlyList<int> Epochs { get; init; } = [40, 70, 100];

    /// <summary>λ for the factor rows.</summary>
    public IReadOnlyList<float> Regularizations { get; init; } = [0.02f, 0.05f, 0.08f];

    /// <summary>Optimizers, each with the batch size and learning rates that suit it (step sizes are not comparable across optimizers).</summary>
    public IReadOnlyList<OptimizerChoice> Optimizers { get; init; } =
    [
        new(OptimizerKind.Sgd, 1, [0.005f, 0.01f, 0.02f]),
        new(OptimizerKind.Adagrad, 256, [0.03f, 0.05f, 0.1f]),
        new(OptimizerKind.SparseAdam, 256, [0.002f, 0.005f, 0.01f]),
    ];

    /// <summary>The number of distinct configurations.</summary>
    public long Size => (long)Dimensions.Count * Epochs.Count * Regularizations.Count * Optimizers.Sum(o => (long)o.LearningRates.Count);
}

/// <summary>One optimizer of a <see cref="SearchSpace"/> with its batch size and candidate learning rates.</summary>
public sealed record OptimizerChoice(OptimizerKind Optimizer, int BatchSize, IReadOnlyList<float> LearningRates);
