using BenchmarkDotNet.Attributes;
using Recommender.Core.Data;
using Recommender.Core.Embeddings;
using Recommender.Core.Training;

namespace Recommender.Benchmarks;

/// <summary>One BPR epoch (sampled negatives, sparse steps) on a synthetic set: the ranking objective's kernel.</summary>
[MemoryDiagnoser]
public class BprEpochBenchmarks
{
    private RatingSet _data = null!;

    [Params(ParallelStrategy.Hogwild)]
    public ParallelStrategy Parallelism { get; set; }

    [GlobalSetup]
    public void Setup() => _data = SyntheticRatings.Create(500_000, 20_000, 5_000, 3);

    [Benchmark]
    public FactorModel OneEpoch() => BprTrainer.Train(_data, null, new BprOptions { Epochs = 1, Threads = 2 });
}

/// <summary>Fold-in of one user with 100 ratings into a ranking (BPR) model: what AddRating does for ranking models.</summary>
[MemoryDiagnoser]
public class RankingFoldInBenchmarks
{
    private FactorModel _model = null!;
    private int[] _movies = null!;
    private float[] _values = null!;
    private RatingCalibration _calibration;

    [GlobalSetup]
    public void Setup()
    {
        var data = SyntheticRatings.Create(50_000, 1_000, 2_000, 5);
        (_model, _calibration) = BprTrainer.TrainCalibrated(data, null, new BprOptions { Epochs = 2, Threads = 1 });
        var rng = new Random(4);
        _movies = Enumerable.Range(0, 100).Select(_ => rng.Next(2_000)).Distinct().ToArray();
        _values = _movies.Select(_ => (float)rng.Next(1, 6)).ToArray();
    }

    [Benchmark]
    public float FoldInUser() => RankingFoldIn.FoldInUser(_model, _calibration, _movies, _values, new BprOptions(), 7).Bias;
}
