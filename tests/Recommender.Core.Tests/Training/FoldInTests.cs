using Recommender.Core.Embeddings;
using Recommender.Core.Training;

namespace Recommender.Core.Tests.Training;

public sealed class FoldInTests
{
    [Fact]
    public void FoldInUser_RandomModel_EqualsGaussianEliminationReference()
    {
        // Arrange
        var model = RandomModel(dim: 7, movies: 30);
        int[] movies = [0, 3, 5, 9, 11, 20, 29, 4, 17, 8];
        float[] values = [5, 3, 4, 1, 2, 5, 4, 3, 3, 1];
        const float lambda = 0.1f;

        // Act
        var (vector, bias) = FoldIn.FoldInUser(model, movies, values, lambda);

        // Assert
        var expected = Reference(model, movies, values, lambda);
        for (var k = 0; k < 7; k++)
        {
            Assert.Equal(expected[k], vector[k], 1e-4);
        }

        Assert.Equal(expected[7], bias, 1e-4);
    }

    [Fact]
    public void FoldInUser_TrainedModel_ReducesUsersErrorAndModelUnchanged()
    {
        // Arrange
        var data = MatrixFactorizationTrainerTests.GenreRatings(seed: 9);
        var model = MatrixFactorizationTrainer.Train(data, null, new TrainingOptions { Dimensions = 8, Epochs = 20, Threads = 1 });
        var movies = new List<int>();
        var values = new List<float>();
        for (var i = 0; i < data.Count; i++)
        {
            if (data.Users[i] == 3)
            {
                movies.Add(data.Movies[i]);
                values.Add(data.Values[i]);
            }
        }

        var before = model.MovieFactors.Values.ToArray();

        // Act
        var (vector, bias) = FoldIn.FoldInUser(model, movies.ToArray(), values.ToArray(), 0.1f);

        // Assert
        var unfitted = SquaredError(model, movies, values, new float[8], 0f);
        var fitted = SquaredError(model, movies, values, vector, bias);
        Assert.True(fitted < unfitted * 0.5, $"fitted {fitted}, unfitted {unfitted}");
        Assert.True(model.MovieFactors.Values.SequenceEqual(before));
    }

    [Fact]
    public void FoldInUser_NoRatings_ZeroVectorAndBias()
    {
        var (vector, bias) = FoldIn.FoldInUser(RandomModel(5, 3), [], [], 0.1f);

        Assert.Equal(new float[5], vector);
        Assert.Equal(0f, bias);
    }

    [Fact]
    public void FoldInUser_LengthMismatch_Throws() =>
        Assert.Throws<ArgumentException>(() => FoldIn.FoldInUser(RandomModel(5, 3), [0, 1], [1f], 0.1f));

    private static FactorModel RandomModel(int dim, int movies) => new(
        3.5f,
        EmbeddingTable.Random(2, dim, 0.3f, 1),
        EmbeddingTable.Random(movies, dim, 0.5f, 2),
        EmbeddingTable.Random(2, 1, 0.1f, 3),
        EmbeddingTable.Random(movies, 1, 0.3f, 4));

    private static double SquaredError(FactorModel model, List<int> movies, List<float> values, float[] p, float b)
    {
        var sum = 0.0;
        for (var i = 0; i < movies.Count; i++)
        {
            var prediction = model.GlobalMean + b + model.MovieBias.Row(movies[i])[0]
                + System.Numerics.Tensors.TensorPrimitives.Dot(p, (ReadOnlySpan<float>)model.MovieFactors.Row(movies[i]));
            sum += (prediction - values[i]) * (prediction - values[i]);
        }

        return sum;
    }

    // Full normal equations solved by Gauss–Jordan elimination with partial pivoting.
    private static double[] Reference(FactorModel model, int[] movies, float[] values, float lambda)
    {
        var d = model.Dimensions;
        var n = d + 1;
        var a = new double[n, n + 1];
        for (var i = 0; i < movies.Length; i++)
        {
            var x = model.MovieFactors.Row(movies[i]).ToArray().Select(v => (double)v).Append(1.0).ToArray();
            var y = values[i] - model.GlobalMean - model.MovieBias.Row(movies[i])[0];
            for (var r = 0; r < n; r++)
            {
                for (var c = 0; c < n; c++)
                {
                    a[r, c] += x[r] * x[c];
                }

                a[r, n] += x[r] * y;
            }
        }

        for (var r = 0; r < n; r++)
        {
            a[r, r] += lambda * movies.Length;
        }

        for (var col = 0; col < n; col++)
        {
            var pivot = Enumerable.Range(col, n - col).MaxBy(r => Math.Abs(a[r, col]));
            for (var c = 0; c <= n; c++)
            {
                (a[col, c], a[pivot, c]) = (a[pivot, c], a[col, c]);
            }

            for (var r = 0; r < n; r++)
            {
                if (r != col)
                {
                    var f = a[r, col] / a[col, col];
                    for (var c = col; c <= n; c++)
                    {
                        a[r, c] -= f * a[col, c];
                    }
                }
            }
        }

        return Enumerable.Range(0, n).Select(r => a[r, n] / a[r, r]).ToArray();
    }
}
