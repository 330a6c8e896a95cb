using ScottPlot;

namespace Recommender.Benchmarks.Report;

/// <summary>The report's SVG figures, drawn with ScottPlot.</summary>
internal static class Plots
{
    private const int Width = 800;
    private const int Height = 500;

    /// <summary>One line per optimizer: validation RMSE (u1.test) after each epoch.</summary>
    public static void RmsePerEpoch(string path, IReadOnlyList<(string Label, IReadOnlyList<double> Rmse)> curves)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < curves.Count; i++)
        {
            var ys = curves[i].Rmse.ToArray();
            var xs = Enumerable.Range(1, ys.Length).Select(e => (double)e).ToArray();
            var line = plot.Add.Scatter(xs, ys, palette.GetColor(i));
            line.LegendText = curves[i].Label;
            line.MarkerSize = 0;
            line.LineWidth = 2;
        }

        // The first epochs sit far above the interesting range; clip so differences near the optimum stay visible.
        var all = curves.SelectMany(c => c.Rmse).Where(double.IsFinite).ToList();
        if (all.Count > 0)
        {
            plot.Axes.SetLimitsY(all.Min() - 0.01, Math.Min(all.Max(), all.Min() + 0.25));
        }

        plot.Title("ml-100k u1: validation RMSE (u1.test) per epoch");
        plot.XLabel("epoch");
        plot.YLabel("RMSE");
        plot.ShowLegend(Alignment.UpperRight);
        plot.SaveSvg(path, Width, Height);
    }

    /// <summary>Cumulative distribution of single-client RecommendForUser latencies, one line per model size.</summary>
    public static void LatencyCdf(string path, IReadOnlyList<(string Label, IReadOnlyList<double> LatenciesMs)> series)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var xMax = 0.0;
        for (var i = 0; i < series.Count; i++)
        {
            var sorted = series[i].LatenciesMs.Order().ToArray();
            if (sorted.Length == 0)
            {
                continue;
            }

            var fractions = Enumerable.Range(1, sorted.Length).Select(r => 100.0 * r / sorted.Length).ToArray();
            var line = plot.Add.Scatter(sorted, fractions, palette.GetColor(i));
            line.LegendText = series[i].Label;
            line.MarkerSize = 0;
            line.LineWidth = 2;

            // The far tail (a GC pause, a noisy neighbour) would squash the body of the curve; stop at p99.9.
            xMax = Math.Max(xMax, sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.999))]);
        }

        plot.Axes.SetLimits(0, xMax * 1.05, 0, 100);
        plot.Title("RecommendForUser through gRPC, 1 client: latency CDF");
        plot.XLabel("latency (ms)");
        plot.YLabel("% of queries at or below");
        plot.ShowLegend(Alignment.LowerRight);
        plot.SaveSvg(path, Width, Height);
    }

    /// <summary>2-D PCA of movie embeddings: one colour per highlighted genre, the rest in light grey underneath.</summary>
    public static void EmbeddingPca(string path, double[][] points, string?[] groups, IReadOnlyList<string> groupOrder, double[] variances)
    {
        var plot = new Plot();
        var others = points.Where((_, i) => groups[i] is null).ToArray();
        var background = plot.Add.Markers(others.Select(p => p[0]).ToArray(), others.Select(p => p[1]).ToArray(), MarkerShape.FilledCircle, 4, Colors.Gray.WithAlpha(0.25));
        background.LegendText = "other genres";
        var palette = new ScottPlot.Palettes.Category10();
        for (var g = 0; g < groupOrder.Count; g++)
        {
            var members = points.Where((_, i) => groups[i] == groupOrder[g]).ToArray();
            var markers = plot.Add.Markers(members.Select(p => p[0]).ToArray(), members.Select(p => p[1]).ToArray(), MarkerShape.FilledCircle, 7, palette.GetColor(g).WithAlpha(0.85));
            markers.LegendText = $"{groupOrder[g]} ({members.Length})";
        }

        plot.Title("ml-100k movie embeddings (unit rows), first two principal components");
        plot.XLabel(FormattableString.Invariant($"PC1 (variance {variances[0]:G3})"));
        plot.YLabel(FormattableString.Invariant($"PC2 (variance {variances[1]:G3})"));
        plot.ShowLegend(Alignment.UpperRight);
        plot.SaveSvg(path, Width, Height + 100);
    }
}
