using System.Diagnostics.CodeAnalysis;

namespace Recommender.Benchmarks;

/// <summary>Named end-to-end reports (quality and throughput on real data), run outside BenchmarkDotNet.</summary>
public static class Reports
{
    private static readonly Dictionary<string, Func<string[], Task<int>>> s_reports = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ingest"] = EndToEnd.IngestReport.RunAsync,
        ["query"] = EndToEnd.QueryReport.RunAsync,
        ["load"] = EndToEnd.LoadReport.RunAsync,
        ["durability"] = EndToEnd.DurabilityReport.RunAsync,
        ["train"] = TrainReport.RunAsync,
        ["tune"] = TuneReport.RunAsync,
        ["knn"] = KnnReport.RunAsync,
        ["report"] = Report.ReportCommand.RunAsync,
        ["rank"] = RankReport.RunAsync,
    };

    /// <summary>Looks up a report by name.</summary>
    public static bool TryGet(string name, [NotNullWhen(true)] out Func<string[], Task<int>>? report) =>
        s_reports.TryGetValue(name, out report);
}
