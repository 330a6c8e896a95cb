using Recommender.Core.Embeddings;

namespace Recommender.Core.Training;

/// <summary>
/// The four sparse optimizers of a biased factor model — user rows P, movie rows Q and the biases b_u, b_m — which
/// every trainer creates, schedules and steps together.
/// </summary>
internal sealed class FactorOptimizers
{
    private readonly SparseOptimizer _p;
    private readonly SparseOptimizer _q;
    private readonly SparseOptimizer _bu;
    private readonly SparseOptimizer _bm;

    /// <summary>Factor rows get <paramref name="regularization"/>, the 1-wide bias tables <paramref name="biasRegularization"/>.</summary>
    public FactorOptimizers(
        OptimizerKind kind, EmbeddingTable p, EmbeddingTable q, EmbeddingTable bu, EmbeddingTable bm,
        float learningRate, float regularization, float biasRegularization)
    {
        _p = SparseOptimizer.Create(kind, p, learningRate, regularization);
        _q = SparseOptimizer.Create(kind, q, learningRate, regularization);
        _bu = SparseOptimizer.Create(kind, bu, learningRate, biasRegularization);
        _bm = SparseOptimizer.Create(kind, bm, learningRate, biasRegularization);
        LearningRate = learningRate;
    }

    /// <summary>The step size in force (the fused SGD paths read it directly).</summary>
    public float LearningRate { get; private set; }

    /// <summary>Sets the step size of all four optimizers (the per-epoch decay schedule).</summary>
    public void SetLearningRate(float learningRate)
    {
        LearningRate = learningRate;
        _p.LearningRate = learningRate;
        _q.LearningRate = learningRate;
        _bu.LearningRate = learningRate;
        _bm.LearningRate = learningRate;
    }

    /// <summary>Applies one sparse gradient per table; only the rows each gradient touched change.</summary>
    public void Step(SparseGradient p, SparseGradient q, SparseGradient bu, SparseGradient bm)
    {
        _p.Step(p);
        _q.Step(q);
        _bu.Step(bu);
        _bm.Step(bm);
    }
}
