using Recommender.Benchmarks.Report;

namespace Recommender.Core.Tests.BenchmarkReport;

public sealed class PcaTests
{
    [Fact]
    public void Compute_PlantedDominantDirection_RecoversItAndItsVariance()
    {
        // Arrange: rows = a·u·scale + small isotropic noise + an offset, with u a random unit direction in d = 12.
        const int n = 2000;
        const int dim = 12;
        var random = new Random(5);
        var direction = UnitVector(random, dim);
        var rows = new float[n * dim];
        var amplitudes = new double[n];
        for (var r = 0; r < n; r++)
        {
            amplitudes[r] = Gaussian(random) * 3;
            for (var j = 0; j < dim; j++)
            {
                rows[(r * dim) + j] = (float)(7 + (amplitudes[r] * direction[j]) + (0.2 * Gaussian(random)));
            }
        }

        // Act
        var result = Pca.Compute(rows, dim, 2);

        // Assert: the first component is ±u, its variance is var(a) plus the noise variance, far above the second.
        var alignment = Math.Abs(Dot(result.Components[0], direction));
        Assert.True(alignment > 0.999, $"|cos(PC1, u)| = {alignment}");
        var mean = amplitudes.Average();
        var expectedVariance = (amplitudes.Sum(a => (a - mean) * (a - mean)) / (n - 1)) + (0.2 * 0.2);
        Assert.InRange(result.Variances[0], expectedVariance * 0.97, expectedVariance * 1.03);
        Assert.True(result.Variances[1] < 0.1, $"second variance {result.Variances[1]}");
        Assert.True(Math.Abs(Dot(result.Components[0], result.Components[1])) < 1e-6);
        Assert.Equal(1, Dot(result.Components[1], result.Components[1]), 1e-9);
    }

    [Fact]
    public void Compute_TwoPlantedDirections_OrdersThemByVarianceAndProjectsRows()
    {
        // Arrange: strong variance along e0 + e1, weaker along e2 − e3, nothing elsewhere (d = 6).
        const int dim = 6;
        var random = new Random(9);
        var strong = new[] { 1, 1, 0, 0, 0, 0 }.Select(v => v / Math.Sqrt(2)).ToArray();
        var weak = new[] { 0, 0, 1, -1, 0, 0 }.Select(v => v / Math.Sqrt(2)).ToArray();
        var rows = new List<float>();
        for (var r = 0; r < 1000; r++)
        {
            var (a, b) = (Gaussian(random) * 4, Gaussian(random));
            rows.AddRange(Enumerable.Range(0, dim).Select(j => (float)((a * strong[j]) + (b * weak[j]))));
        }

        // Act
        var result = Pca.Compute(rows.ToArray(), dim, 2);

        // Assert
        Assert.True(Math.Abs(Dot(result.Components[0], strong)) > 0.999);
        Assert.True(Math.Abs(Dot(result.Components[1], weak)) > 0.999);
        Assert.True(result.Variances[0] > 10 * result.Variances[1]);

        // A row's coordinates are its centred values dotted with the components.
        var means = Enumerable.Range(0, dim).Select(j => Enumerable.Range(0, 1000).Average(r => (double)rows[(r * dim) + j])).ToArray();
        var row7 = Enumerable.Range(0, dim).Select(j => rows[(7 * dim) + j] - means[j]).ToArray();
        Assert.Equal(Dot(row7, result.Components[0]), result.Projections[7][0], 1e-4);
        Assert.Equal(Dot(row7, result.Components[1]), result.Projections[7][1], 1e-4);
    }

    [Fact]
    public void Compute_FewerThanTwoRows_Throws()
    {
        // Arrange
        var oneRow = new float[4];

        // Act
        var error = Assert.Throws<ArgumentException>(() => Pca.Compute(oneRow, 4, 1));

        // Assert
        Assert.Equal("rows", error.ParamName);
    }

    private static double Dot(IReadOnlyList<double> x, IReadOnlyList<double> y) => x.Select((v, i) => v * y[i]).Sum();

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static double[] UnitVector(Random random, int dim)
    {
        var v = Enumerable.Range(0, dim).Select(_ => Gaussian(random)).ToArray();
        var norm = Math.Sqrt(v.Sum(x => x * x));
        return v.Select(x => x / norm).ToArray();
    }
}
