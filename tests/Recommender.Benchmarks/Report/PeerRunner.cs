using System.Diagnostics;
using System.Text.Json;

namespace Recommender.Benchmarks.Report;

/// <summary>The PyTorch and faiss figures measured in the same session (peers in /work/shared/peers).</summary>
internal sealed record PeerFigures(
    double? TorchSgdRmse,
    double? TorchSgdMae,
    double? TorchSgdRatingsPerSecond,
    double? TorchAdamRmse,
    double? TorchAdamRatingsPerSecond,
    RankingScores? TorchSgdRanking,
    RankingScores? Popularity,
    IReadOnlyDictionary<int, (double P50Ms, double P99Ms, double BatchedUs)> Faiss,
    IReadOnlyList<string> Commands,
    IReadOnlyList<string> Failures);

/// <summary>Mean P@10, R@10 and NDCG@10 over u1–u5 (relevant = test rating ≥ 4, candidates = movies unrated in train).</summary>
internal sealed record RankingScores(double Precision, double Recall, double Ndcg);

/// <summary>
/// Runs the peer scripts with the Debian interpreter (the one that has python3-torch, -numpy and -faiss) and reads
/// the JSON lines they print. A missing interpreter or package is a recorded failure, not a crash: the report then
/// shows "not measured" in the peer column.
/// </summary>
internal static class PeerRunner
{
    private const string Python = "/usr/bin/python3";

    public static PeerFigures Run(string peersDirectory, string movieLensDirectory, bool quick, IReadOnlyList<int>? knnSizes = null)
    {
        var commands = new List<string>();
        var failures = new List<string>();
        var folds = quick ? "1" : "1,2,3,4,5";

        // The settings the peer README names as the best found on ml-100k, on one thread as in the figures: on
        // this shared machine, torch's two-thread OpenMP pool spin-waits against the other jobs and ran 50× slower.
        var sgd = Last(RunScript(peersDirectory, "torch_sparse_mf.py",
            $"--format ml100k --data {movieLensDirectory} --folds {folds} --opt sgd --dim 64 --epochs {(quick ? 5 : 52)} --lr 5.0 --reg 0.1 --threads 1 --rank", commands, failures));
        var adam = Last(RunScript(peersDirectory, "torch_sparse_mf.py",
            $"--format ml100k --data {movieLensDirectory} --folds {folds} --opt sparseadam --dim 64 --epochs {(quick ? 3 : 11)} --lr 0.01 --reg 0.1 --threads 1", commands, failures));

        var faiss = new Dictionary<int, (double, double, double)>();
        // knn_bench.py at 1M rows (numpy and faiss, 1 and 2 threads, single and batched) took 29 min on the loaded machine.
        var sizes = string.Join(' ', (knnSizes ?? (quick ? [10_000] : [10_000, 62_000, 1_000_000])).Select(n => FormattableString.Invariant($"--n {n}")));
        foreach (var line in RunScript(peersDirectory, "knn_bench.py", $"{sizes} --skip-hnsw --nq-single-exact 200", commands, failures))
        {
            var root = line.RootElement;
            if (root.TryGetProperty("N", out var n))
            {
                // faiss's best configuration for each figure: one or two OpenMP/BLAS threads, whichever was faster here.
                var single = new[] { "faiss_flat_b1_t1", "faiss_flat_b1_t2" }
                    .Where(k => root.TryGetProperty(k, out _)).Select(k => root.GetProperty(k)).MinBy(e => e.GetProperty("median_us").GetDouble());
                var batched = new[] { "faiss_flat_b1000_t1", "faiss_flat_b1000_t2", "faiss_flat_b1000_omp2_blas1" }
                    .Where(k => root.TryGetProperty(k, out _)).Select(k => root.GetProperty(k).GetProperty("amortised_us_per_query").GetDouble()).DefaultIfEmpty(double.NaN).Min();
                if (single.ValueKind == JsonValueKind.Object)
                {
                    faiss[n.GetInt32()] = (single.GetProperty("median_us").GetDouble() / 1000, single.GetProperty("p99_us").GetDouble() / 1000, batched);
                }
            }
        }

        return new PeerFigures(
            Number(sgd, "rmse"), Number(sgd, "mae"), Number(sgd, "ratings_per_s"),
            Number(adam, "rmse"), Number(adam, "ratings_per_s"),
            Ranking(sgd, "rank_mf"), Ranking(sgd, "rank_popularity"),
            faiss, commands, failures);
    }

    private static JsonDocument? Last(List<JsonDocument> lines) => lines.Count == 0 ? null : lines[^1];

    private static double? Number(JsonDocument? line, string name) =>
        line is not null && line.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static RankingScores? Ranking(JsonDocument? line, string name)
    {
        if (line is null || !line.RootElement.TryGetProperty(name, out var scores))
        {
            return null;
        }

        double? Get(params string[] keys) => keys.Select(k => scores.TryGetProperty(k, out var v) ? v.GetDouble() : (double?)null).FirstOrDefault(v => v is not null);
        var precision = Get("precision@10");
        var recall = Get("recall@10");
        var ndcg = Get("ndcg@10");
        return precision is null || recall is null || ndcg is null ? null : new RankingScores(precision.Value, recall.Value, ndcg.Value);
    }

    private static List<JsonDocument> RunScript(string peersDirectory, string script, string arguments, List<string> commands, List<string> failures)
    {
        var path = Path.Combine(peersDirectory, script);
        var command = $"{Python} {path} {arguments}";
        commands.Add(command);
        Console.WriteLine($"  peer: {command}");
        var lines = new List<JsonDocument>();
        try
        {
            using var process = Process.Start(new ProcessStartInfo(Python, $"{path} {arguments}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = peersDirectory,
            })!;
            var errors = process.StandardError.ReadToEndAsync();
            string? line;
            while ((line = process.StandardOutput.ReadLine()) is not null)
            {
                if (line.StartsWith('{'))
                {
                    lines.Add(JsonDocument.Parse(line));
                }
            }

            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                var tail = errors.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
                failures.Add($"{script} exited with {process.ExitCode}: {tail}");
            }
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            failures.Add($"{script}: {e.Message}");
        }

        return lines;
    }
}
