using System.Diagnostics;
using System.Globalization;
using Recommender.Core.Scoring;

namespace Recommender.Benchmarks;

/// <summary>
/// <c>knn [--n N]...</c>: exact cosine top-10 on random unit vectors (d = 64), the same workload as the faiss peer
/// (<c>/work/shared/peers/knn_bench.py</c>): single-query latency p50/p99 over 1,000 queries (3 passes, median of the
/// pass statistics) and batched throughput over the same 1,000 queries in one call (median of 3).
/// </summary>
internal static class KnnReport
{
    private const int Dim = 64;
    private const int K = 10;
    private const int Queries = 1000;
    private const int WarmupBatches = 3;
    private const int Passes = 3;

    public static Task<int> RunAsync(string[] args)
    {
        var sizes = new List<int>();
        for (var i = 0; i < args.Length; i++)
        {
            if (string.Equals(args[i], "--n", StringComparison.Ordinal) && i + 1 < args.Length)
            {
                sizes.Add(int.Parse(args[++i], CultureInfo.InvariantCulture));
            }
            else
            {
                Console.Error.WriteLine($"unknown argument '{args[i]}'; usage: knn [--n N]...");
                return Task.FromResult(2);
            }
        }

        if (sizes.Count == 0)
        {
            sizes.AddRange([10_000, 62_000, 1_000_000]);
        }

        var queries = KnnData.UnitVectors(1, Queries, Dim);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"exact cosine top-{K}, d={Dim}, {Queries} queries, {Environment.ProcessorCount} cores, AVX-512: {System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated}"));
        Console.WriteLine();
        Console.WriteLine("| N | single-query scan | build ms | single p50 ms | single p99 ms | single mean ms | batched µs/query | batch = single |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (var n in sizes)
        {
            var rows = KnnData.UnitVectors(0, n, Dim);
            var build = Stopwatch.StartNew();
            var index = new CosineIndex(rows, n, Dim);
            var buildMs = build.Elapsed.TotalMilliseconds;

            if (index.UsesQuantizedScan)
            {
                // The same index without its int8 codes, side by side: the float scan it replaces (results are identical).
                index.UsesQuantizedScan = false;
                var (fp50, fp99, fmean, _) = MeasureSingle(index, queries);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {n:N0} | float | | {fp50:F3} | {fp99:F3} | {fmean:F3} | | |"));
                index.UsesQuantizedScan = true;
            }

            var result = Measure(index, queries, out var agree);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {n:N0} | {result.Scan} | {buildMs:F0} | {result.P50Ms:F3} | {result.P99Ms:F3} | {result.MeanMs:F3} | {result.BatchedMicrosecondsPerQuery:F1} | {agree}/{Queries} |"));
        }

        return Task.FromResult(0);
    }

    /// <summary>Single-query latency (ms, median of the passes' statistics) and batched µs per query at one catalogue size.</summary>
    public sealed record KnnResult(int N, string Scan, double P50Ms, double P99Ms, double MeanMs, double BatchedMicrosecondsPerQuery);

    /// <summary>Builds the index over <paramref name="n"/> random unit rows and measures it with the standard 1,000 queries.</summary>
    public static KnnResult Measure(int n)
    {
        var index = new CosineIndex(KnnData.UnitVectors(0, n, Dim), n, Dim);
        return Measure(index, KnnData.UnitVectors(1, Queries, Dim), out _);
    }

    private static KnnResult Measure(CosineIndex index, float[] queries, out int agree)
    {
        var scan = index.UsesQuantizedScan ? "int8 + exact rescoring" : "float";
        var (p50, p99, mean, singles) = MeasureSingle(index, queries);
        var batchUs = MeasureBatch(index, queries, out var batch);
        agree = 0;
        for (var q = 0; q < Queries; q++)
        {
            agree += batch[q].AsSpan().SequenceEqual(singles[q].AsSpan()) || SameRows(batch[q], singles[q]) ? 1 : 0;
        }

        return new KnnResult(index.Count, scan, p50, p99, mean, batchUs);
    }

    private static bool SameRows(ScoredRow[] a, ScoredRow[] b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (a[i].Row != b[i].Row)
            {
                return false;
            }
        }

        return true;
    }

    private static (double P50, double P99, double Mean, ScoredRow[][] Results) MeasureSingle(CosineIndex index, float[] queries)
    {
        var destination = new ScoredRow[K];
        var results = new ScoredRow[Queries][];
        var times = new double[Queries];
        var p50s = new double[Passes];
        var p99s = new double[Passes];
        var means = new double[Passes];

        // Warm-up: JIT tiering and the thread pool.
        for (var q = 0; q < 200; q++)
        {
            index.Search(queries.AsSpan(q % Queries * Dim, Dim), destination);
        }

        for (var pass = 0; pass < Passes; pass++)
        {
            for (var q = 0; q < Queries; q++)
            {
                var start = Stopwatch.GetTimestamp();
                var found = index.Search(queries.AsSpan(q * Dim, Dim), destination);
                times[q] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                results[q] = destination[..found];
            }

            Array.Sort(times);
            p50s[pass] = times[Queries / 2];
            p99s[pass] = times[(int)(Queries * 0.99)];
            means[pass] = times.Average();
        }

        return (Median(p50s), Median(p99s), Median(means), results);
    }

    private static double MeasureBatch(CosineIndex index, float[] queries, out ScoredRow[][] results)
    {
        // Warm-up: several calls, so the kernels run tier-1 code when timed.
        results = [];
        for (var i = 0; i < WarmupBatches; i++)
        {
            results = index.SearchBatch(queries, Queries, K);
        }

        var walls = new double[Passes];
        for (var pass = 0; pass < Passes; pass++)
        {
            var start = Stopwatch.GetTimestamp();
            results = index.SearchBatch(queries, Queries, K);
            walls[pass] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        return Median(walls) / Queries;
    }

    private static double Median(double[] values)
    {
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return sorted[sorted.Length / 2];
    }
}
