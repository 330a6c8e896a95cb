using Recommender.Benchmarks.EndToEnd;

namespace Recommender.Benchmarks.Report;

/// <summary>How well the movie embeddings separate one genre: mean cosine within it against mean cosine to the rest.</summary>
internal sealed record GenreSeparation(string Genre, int Movies, double WithinCosine, double AcrossCosine);

/// <summary>Ranking scores of one recommender, the folds they average over, and a note (null scores: not measured).</summary>
internal sealed record RankingRow(string Recommender, RankingScores? Scores, string Folds, string Note);

/// <summary>Everything one <c>report</c> run measured; sections that did not run are null or empty.</summary>
internal sealed record ReportData(
    MachineInfo Machine,
    bool Quick,
    double? LoadAtStart,
    double? LoadAtEnd,
    TimeSpan Duration,
    string FoldOptions,
    IReadOnlyList<TrainReport.FoldResult> Folds,
    string ThroughputSet,
    TrainReport.ThroughputResult Throughput,
    IngestReport.IngestResult Ingest,
    IReadOnlyList<QueryReport.QueryResult> Queries,
    IReadOnlyList<KnnReport.KnnResult> Knn,
    IReadOnlyList<GenreSeparation> Genres,
    IReadOnlyList<RankingRow> Ranking,
    PeerFigures? Peers,
    IReadOnlyList<(string Label, string Options, IReadOnlyList<double> Rmse)> Curves,
    IReadOnlyList<string> PlotFiles);
