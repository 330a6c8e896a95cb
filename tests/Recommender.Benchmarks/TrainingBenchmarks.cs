using BenchmarkDotNet.Attributes;
using Recommender.Core.Data;
using Recommender.Core.Embeddings;
using Recommender.Core.Training;

namespace Recommender.Benchmarks;

/// <summary>One sparse optimizer step per optimizer: a batch-sized gradient over a large table.</summary>
[MemoryDiagnoser]
public class SparseStepBenchmarks
{
    private SparseOptimizer _optimizer = null!;
    private SparseGradient _gradient = null!;
    private float[] _values = null!;

    [Params(64, 6 * 8 + 7)]
    public int Dim { get; set; }

    [Params(OptimizerKind.Sgd, OptimizerKind.Adagrad, OptimizerKind.SparseAdam)]
    public OptimizerKind Optimizer { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var table = EmbeddingTable.Random(100_000, Dim, 0.1f, 1);
        _optimizer = SparseOptimizer.Create(Optimizer, table, 1e-4f, 0.05f);
        _gradient = new SparseGradient(Dim, 256);
        var rng = new Random(2);
        var g = new float[Dim];
        for (var i = 0; i < 256; i++)
        {
            for (var k = 0; k < Dim; k++)
            {
                g[k] = (float)(rng.NextDouble() - 0.5);
            }

            _gradient.Add(rng.Next(100_000), g);
        }

        _values = _gradient.Values.ToArray();
    }

    /// <summary>The step uses the gradient as scratch, so it is restored first (a copy of 256 rows).</summary>
    [Benchmark]
    public int Step()
    {
        _values.CopyTo(_gradient.Values);
        return _optimizer.Step(_gradient);
    }
}

/// <summary>One training epoch on a synthetic set (includes table initialisation, which is small next to it).</summary>
[MemoryDiagnoser]
public class EpochBenchmarks
{
    private RatingSet _data = null!;

    [Params(64, 6 * 8 + 7)]
    public int Dim { get; set; }

    [Params(ParallelStrategy.Hogwild, ParallelStrategy.Partitioned)]
    public ParallelStrategy Parallelism { get; set; }

    [GlobalSetup]
    public void Setup() => _data = SyntheticRatings.Create(500_000, 20_000, 5_000, 3);

    [Benchmark]
    public FactorModel OneEpoch() => MatrixFactorizationTrainer.Train(
        _data, null, new TrainingOptions { Dimensions = Dim, Epochs = 1, Threads = 2, Parallelism = Parallelism });
}

/// <summary>Fold-in (online update) of one user with 100 ratings.</summary>
[MemoryDiagnoser]
public class FoldInBenchmarks
{
    private FactorModel _model = null!;
    private int[] _movies = null!;
    private float[] _values = null!;

    [Params(32, 64, 6 * 8 + 7, 256)]
    public int Dim { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _model = new FactorModel(
            3.5f,
            EmbeddingTable.Random(10, Dim, 0.1f, 1),
            EmbeddingTable.Random(5_000, Dim, 0.1f, 2),
            EmbeddingTable.Zeros(10, 1),
            EmbeddingTable.Random(5_000, 1, 0.1f, 3));
        var rng = new Random(4);
        _movies = Enumerable.Range(0, 100).Select(_ => rng.Next(5_000)).ToArray();
        _values = Enumerable.Range(0, 100).Select(_ => (float)rng.Next(1, 6)).ToArray();
    }

    [Benchmark]
    public float FoldInUser() => FoldIn.FoldInUser(_model, _movies, _values, 0.1f).Bias;
}
