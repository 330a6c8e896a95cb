using System.Globalization;
using System.Text;
using System.Text.Json;
using Recommender.Cli;
using Recommender.Core.Evaluation;

namespace Recommender.Server.Tests.Cli;

/// <summary><c>recommender evaluate</c> runs in-process on a tiny MovieLens-format folder; no server is started.</summary>
public sealed class EvaluateCommandTests : IDisposable
{
    private readonly MovieLensFolders _folders = new();

    public void Dispose() => _folders.Dispose();

    [Theory]
    [InlineData("movielens")]
    [InlineData("random")]
    [InlineData("temporal")]
    public async Task Evaluate_EverySplit_WritesJsonWithEveryModelAndFiniteMetrics(string split)
    {
        // Arrange
        var folder = WriteTiny100K();
        var output = Path.Combine(folder, "results.json");

        // Act
        var result = await CliHarness.RunAsync(
            ["evaluate", folder, "--split", split, "--folds", "2", "--k", "5", "--leave-last", "3", "--epochs", "5", "--dimensions", "8", "--output", output]);

        // Assert
        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(output));
        var root = json.RootElement;
        Assert.Equal(split, root.GetProperty("split").GetString());
        Assert.Equal(5, root.GetProperty("k").GetInt32());
        var models = root.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(EvaluationModels.All.Select(m => m.Name), models.Select(m => m.GetProperty("name").GetString()));
        foreach (var model in models)
        {
            var mean = model.GetProperty("mean");
            foreach (var metric in new[] { "precision", "recall", "ndcg", "map", "hitRate", "coverage" })
            {
                Assert.InRange(mean.GetProperty(metric).GetDouble(), 0.0, 1.0);
            }

            Assert.True(mean.GetProperty("users").GetInt32() > 0);
            var rmse = mean.GetProperty("rmse");
            if (model.GetProperty("name").GetString() == "popularity")
            {
                Assert.Equal(JsonValueKind.Null, rmse.ValueKind);
            }
            else
            {
                Assert.True(double.IsFinite(rmse.GetDouble()) && rmse.GetDouble() > 0, $"{model} RMSE");
            }

            Assert.Equal(split == "temporal" ? 1 : 2, model.GetProperty("folds").GetArrayLength());
        }

        Assert.All(EvaluationModels.All, m => Assert.Contains(m.Name, result.Console, StringComparison.Ordinal));
        Assert.Contains("NDCG@5", result.Console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_Json_PrintsTheReportOnStdout()
    {
        var folder = WriteTiny100K();

        var result = await CliHarness.RunAsync(["--json", "evaluate", folder, "--folds", "1", "--models", "popularity,bias"]);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal(["popularity", "bias"], json.RootElement.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Evaluate_PopularityPrecisionMatchesTheEvaluatorOnTheSameFold()
    {
        // Arrange
        var folder = WriteTiny100K();
        var split = MovieLensRatings.LoadFold(folder, 1);
        var expected = RankingEvaluator.Evaluate(split.Train, split.Test, new PopularityScorer(split.Train), new RankingOptions { K = 3 });

        // Act
        var result = await CliHarness.RunAsync(["--json", "evaluate", folder, "--folds", "1", "--k", "3", "--models", "popularity"]);

        // Assert
        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var mean = json.RootElement.GetProperty("models")[0].GetProperty("mean");
        Assert.Equal(expected.Metrics.Precision, mean.GetProperty("precision").GetDouble(), 12);
        Assert.Equal(expected.Metrics.Ndcg, mean.GetProperty("ndcg").GetDouble(), 12);
    }

    [Theory]
    [InlineData("--k", "0", "--k")]
    [InlineData("--folds", "9", "folds")]
    [InlineData("--models", "knn", "knn")]
    public async Task Evaluate_BadOption_UsageErrorNamingIt(string option, string value, string named)
    {
        var folder = WriteTiny100K();

        var result = await CliHarness.RunAsync(["evaluate", folder, option, value]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(named, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_MissingFolder_UsageError()
    {
        var result = await CliHarness.RunAsync(["evaluate", Path.Combine(Path.GetTempPath(), "no-such-movielens-" + Guid.NewGuid().ToString("N"))]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("does not exist", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tune_ReportsEveryTrialWithTheDefaultsFirstAndTheBestAmongThem()
    {
        // Arrange
        var folder = WriteTiny100K();

        // Act
        var result = await CliHarness.RunAsync(["--json", "tune", folder, "--trials", "3", "--tune-folds", "1"]);

        // Assert
        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var trials = json.RootElement.GetProperty("trials").EnumerateArray().ToList();
        Assert.Equal(3, trials.Count);
        Assert.Equal(new Recommender.Core.Training.TrainingOptions().Dimensions, trials[0].GetProperty("dimensions").GetInt32());
        var best = json.RootElement.GetProperty("best").GetProperty("validationRmse").GetDouble();
        Assert.Equal(trials.Min(t => t.GetProperty("validationRmse").GetDouble()), best);
        Assert.Contains("u1.base", json.RootElement.GetProperty("tunedOn").GetString(), StringComparison.Ordinal);
    }

    // 30 users × 20 movies with a planted taste (even users like even movies), plus u1/u2 folds over the same lines.
    private string WriteTiny100K()
    {
        var folder = _folders.NewFolder();
        var lines = new List<string>();
        var random = new Random(17);
        for (var u = 1; u <= 30; u++)
        {
            for (var m = 1; m <= 20; m++)
            {
                if (random.NextDouble() < 0.6)
                {
                    var likes = (u % 2) == (m % 2);
                    var value = likes ? random.Next(4, 6) : random.Next(1, 4);
                    lines.Add(string.Create(CultureInfo.InvariantCulture, $"{u}\t{m}\t{value}\t{880000000 + random.Next(1_000_000)}"));
                }
            }
        }

        File.WriteAllText(Path.Combine(folder, "u.data"), string.Join('\n', lines) + "\n", Encoding.Latin1);
        for (var fold = 1; fold <= 2; fold++)
        {
            var test = lines.Where((_, i) => i % 5 == fold - 1).ToList();
            var train = lines.Except(test).ToList();
            File.WriteAllText(Path.Combine(folder, $"u{fold}.base"), string.Join('\n', train) + "\n", Encoding.Latin1);
            File.WriteAllText(Path.Combine(folder, $"u{fold}.test"), string.Join('\n', test) + "\n", Encoding.Latin1);
        }

        return folder;
    }
}
