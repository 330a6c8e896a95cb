using BenchmarkDotNet.Attributes;
using Recommender.Core.Scoring;

namespace Recommender.Benchmarks;

/// <summary>Exact cosine top-10 over random unit vectors (d = 64): one query per call, and a batch of 100 queries.</summary>
[MemoryDiagnoser]
public class KnnBenchmarks
{
    private const int Dim = 64;
    private const int K = 10;
    private const int BatchSize = 100;

    private readonly ScoredRow[] _destination = new ScoredRow[K];
    private CosineIndex _index = null!;
    private float[] _queries = [];
    private int _next;

    /// <summary>Catalogue size; 6*512+7 is the odd size that exercises the partial last block.</summary>
    [Params(6 * 512 + 7, 10_000, 62_000, 1_000_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _index = new CosineIndex(KnnData.UnitVectors(0, N, Dim), N, Dim);
        _queries = KnnData.UnitVectors(1, BatchSize, Dim);
    }

    [Benchmark]
    public int SingleQueryTop10()
    {
        var q = _next++ % BatchSize;
        return _index.Search(_queries.AsSpan(q * Dim, Dim), _destination);
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    public int BatchedTop10() => _index.SearchBatch(_queries, BatchSize, K).Length;
}
