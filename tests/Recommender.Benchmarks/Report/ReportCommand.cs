using System.Diagnostics;
using System.Globalization;
using Recommender.Benchmarks.EndToEnd;
using Recommender.Core.Data;
using Recommender.Core.Training;

namespace Recommender.Benchmarks.Report;

/// <summary>
/// <c>report &lt;ml-100k-dir&gt; [--quick] [--with-peers] [--out DIR] [--update-readme]</c>: every headline figure in one
/// run (quality, training throughput, ingest and query through gRPC, in-process kNN, the peers beside them), written to
/// <c>DIR/benchmarks.md</c> (default <c>docs/</c> of the repository) with SVG plots; <c>--update-readme</c> rewrites the
/// README block between the benchmark markers. <c>--quick</c> shrinks every size for a smoke check.
/// </summary>
internal static class ReportCommand
{
    private static readonly CultureInfo s_inv = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 1 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            Console.Error.WriteLine("usage: report <ml-100k-dir> [--quick] [--with-peers] [--out DIR] [--update-readme] [--peers DIR] [--ingest-rows N] [--peer-knn 10000,62000]");
            return 2;
        }

        var movieLens = Path.GetFullPath(args[0]);
        var quick = args.Contains("--quick");
        var repository = FindRepository();
        var output = Path.GetFullPath(Option(args, "--out") ?? Path.Combine(repository ?? ".", "docs"));
        var peersDirectory = Option(args, "--peers") ?? "/work/shared/peers";
        Directory.CreateDirectory(output);

        var watch = Stopwatch.StartNew();
        var machine = MachineInfo.Capture();
        var loadAtStart = MachineInfo.LoadAverage();

        var defaults = new TrainingOptions { Threads = 2 };
        var folds = quick ? 1 : 5;
        Step($"quality: ml-100k u1–u{folds}, default options");
        var foldResults = TrainReport.MeasureFolds(movieLens, defaults, folds);
        var foldOptions = string.Create(s_inv,
            $"Rating model with the server's defaults: d={defaults.Dimensions}, {defaults.Epochs} epochs, lr {defaults.LearningRate} (decay {defaults.LearningRateDecay}/epoch), reg {defaults.Regularization}, bias reg {defaults.BiasRegularization}, {defaults.Optimizer}, batch {defaults.BatchSize}, init std {defaults.InitStd}, 2 threads, {defaults.Parallelism}; tested on uN.test, predictions clamped to [1, 5].");

        Step("training throughput (fused SGD, d=64, 2 threads)");
        var (set, setLabel) = quick
            ? (SyntheticRatings.Create(500_000, 20_000, 5_000, 7), "synthetic 500,000 ratings")
            : (TrainReport.SyntheticFiveMillion(), "synthetic 5,000,000 ratings (100,000 users × 20,000 movies)");
        var throughput = TrainReport.MeasureThroughput(set, TrainReport.FusedSgdThroughputOptions(), quick ? 1 : 3);

        Step("validation RMSE per epoch for each optimizer on u1");
        var curves = OptimizerCurves.Measure(movieLens, quick);
        var rmsePlot = Path.Combine(output, "benchmarks-rmse-per-epoch.svg");
        Plots.RmsePerEpoch(rmsePlot, curves.Select(c => (c.Label, c.Rmse)).ToList());

        Step("movie embeddings: PCA picture and genre separation");
        var all = MovieLensFolds.LoadAll(movieLens);
        var pictureModel = MatrixFactorizationTrainer.Train(all, null, quick ? defaults with { Epochs = 20 } : defaults);
        var pcaPlot = Path.Combine(output, "benchmarks-embedding-pca.svg");
        var genres = EmbeddingPicture.Draw(pictureModel, all, MovieLensGenres.Load(movieLens), pcaPlot);

        Step("ingest through gRPC");
        var ingestRows = int.Parse(Option(args, "--ingest-rows") ?? (quick ? "20000" : "1000000"), s_inv);
        var ingest = await IngestReport.MeasureAsync(ingestRows, quick ? 1 : 3, includeStoreOnly: false, budget: TimeSpan.FromSeconds(30));

        Step("query latency through gRPC");
        var queries = new List<QueryReport.QueryResult>();
        foreach (var movies in quick ? [10_000] : new[] { 10_000, 62_000 })
        {
            queries.Add(await QueryReport.MeasureAsync(movies, quick ? 10_000 : 160_000, quick ? 1 : 10));
        }

        var latencyPlot = Path.Combine(output, "benchmarks-query-latency.svg");
        Plots.LatencyCdf(latencyPlot, queries.Select(q => ($"{SummaryTable.N0(q.Movies)} movies", q.Single)).ToList());

        Step("in-process cosine top-10");
        var knn = (quick ? [10_000] : new[] { 10_000, 62_000, 1_000_000 }).Select(KnnReport.Measure).ToList();

        Step("ranking metrics");
        var ranking = RankingFigures.Measure(movieLens, quick);

        PeerFigures? peers = null;
        if (args.Contains("--with-peers"))
        {
            Step("peers (PyTorch sparse MF, faiss)");
            var knnSizes = Option(args, "--peer-knn")?.Split(',').Select(n => int.Parse(n, s_inv)).ToList();
            peers = PeerRunner.Run(peersDirectory, movieLens, quick, knnSizes);
        }

        var plots = new[] { rmsePlot, latencyPlot, pcaPlot };
        var data = new ReportData(machine, quick, loadAtStart, MachineInfo.LoadAverage(), watch.Elapsed, foldOptions, foldResults, setLabel, throughput,
            ingest, queries, knn, genres, ranking, peers, curves.Select(c => (c.Label, c.Options, c.Rmse)).ToList(),
            plots.Select(Path.GetFileName).OfType<string>().ToList());

        var reportPath = Path.Combine(output, "benchmarks.md");
        var command = "dotnet run -c Release --project tests/Recommender.Benchmarks -- report " + string.Join(' ', args.Select(a => a == args[0] ? Relative(a, repository) : a));
        await File.WriteAllTextAsync(reportPath, BenchmarkDocument.Render(data, command));
        Console.WriteLine($"wrote {reportPath}");

        if (args.Contains("--update-readme"))
        {
            if (repository is null)
            {
                Console.Error.WriteLine("--update-readme: no Recommender.sln above the working folder");
                return 1;
            }

            var readme = Path.Combine(repository, "README.md");
            var section = BenchmarkDocument.ReadmeSection(new ReadmeInputs(data, Link(repository, reportPath), plots.Select(p => Link(repository, p)).ToList()));
            await File.WriteAllTextAsync(readme, ReadmeBlock.Replace(await File.ReadAllTextAsync(readme), section));
            Console.WriteLine($"updated {readme}");
        }

        Console.WriteLine(string.Create(s_inv, $"report done in {watch.Elapsed.TotalMinutes:F1} min"));
        return 0;
    }

    private static void Step(string name) => Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {name}");

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static string? FindRepository()
    {
        for (var folder = new DirectoryInfo(Directory.GetCurrentDirectory()); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Recommender.sln")))
            {
                return folder.FullName;
            }
        }

        return null;
    }

    private static string Link(string repository, string path) => Path.GetRelativePath(repository, path).Replace('\\', '/');

    private static string Relative(string path, string? repository) => repository is null ? path : Path.GetRelativePath(repository, Path.GetFullPath(path));
}
