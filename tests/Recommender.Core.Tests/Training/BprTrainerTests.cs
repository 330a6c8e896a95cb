using Recommender.Core.Data;
using Recommender.Core.Embeddings;
using Recommender.Core.Training;
using Recommender.Core.Tests.TestData;

namespace Recommender.Core.Tests.Training;

public sealed class BprTrainerTests
{
    private const int Dim = 4;
    private const float Mu = 3.5f;
    private const float Weight = 0.2f;
    private const int User = 1;
    private const int Positive = 2;
    private const float Value = 4f;
    private static readonly int[] s_negatives = [0, 4, 0];

    [Fact]
    public void Accumulate_OnePositive_GradientEqualsFiniteDifferenceOnTouchedRowsOnly()
    {
        // Arrange
        var tables = RandomTables();
        var grads = new[] { new SparseGradient(Dim), new SparseGradient(Dim), new SparseGradient(1), new SparseGradient(1) };

        // Act
        var loss = BprTrainer.Accumulate(User, Positive, Value, s_negatives, tables[0].Buffer, tables[1].Buffer, tables[2].Buffer, tables[3].Buffer, Dim, Mu, Weight, grads[0], grads[1], grads[2], grads[3], out _);

        // Assert
        Assert.Equal(Loss(tables), loss, 1e-4);
        for (var t = 0; t < tables.Length; t++)
        {
            var numeric = FiniteDifference.Gradient(tables[t], () => Loss(tables));
            var analytic = new double[numeric.Length];
            for (var slot = 0; slot < grads[t].Count; slot++)
            {
                var row = grads[t].Rows[slot];
                for (var k = 0; k < tables[t].Dim; k++)
                {
                    analytic[(row * tables[t].Dim) + k] = grads[t].SlotValues(slot)[k];
                }
            }

            for (var i = 0; i < numeric.Length; i++)
            {
                Assert.Equal(numeric[i], analytic[i], 2e-3 * Math.Max(1, Math.Abs(numeric[i])));
            }
        }

        Assert.Equal([User], grads[0].Rows.ToArray());
        Assert.Equal([Positive, 0, 4], grads[1].Rows.ToArray());
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd)]
    [InlineData(OptimizerKind.Adagrad)]
    [InlineData(OptimizerKind.SparseAdam)]
    public void Step_OnePositive_UntouchedRowsAndOptimizerStateBitIdentical(OptimizerKind kind)
    {
        // Arrange
        var tables = RandomTables();
        var optimizers = tables.Select((t, i) => SparseOptimizer.Create(kind, t, 0.05f, i < 2 ? 0.01f : 0.02f)).ToArray();
        var grads = new[] { new SparseGradient(Dim), new SparseGradient(Dim), new SparseGradient(1), new SparseGradient(1) };
        var before = tables.Select(t => t.Values.ToArray()).ToArray();
        var stateBefore = ((optimizers[1] as SparseAdagrad)?.Accumulators.ToArray()) ?? [];

        // Act
        BprTrainer.Accumulate(User, Positive, Value, s_negatives, tables[0].Buffer, tables[1].Buffer, tables[2].Buffer, tables[3].Buffer, Dim, Mu, Weight, grads[0], grads[1], grads[2], grads[3], out _);
        for (var t = 0; t < tables.Length; t++)
        {
            optimizers[t].Step(grads[t]);
        }

        // Assert
        int[][] touched = [[User], [Positive, 0, 4], [User], [Positive, 0, 4]];
        for (var t = 0; t < tables.Length; t++)
        {
            for (var row = 0; row < tables[t].Rows; row++)
            {
                var old = before[t].AsSpan(row * tables[t].Dim, tables[t].Dim).ToArray();
                var now = tables[t].Row(row).ToArray();
                if (touched[t].Contains(row))
                {
                    Assert.NotEqual(old, now);
                }
                else
                {
                    Assert.Equal(old, now);
                }
            }
        }

        Assert.Equal(touched[1].Length, optimizers[1].RowsVisited);
        if (optimizers[1] is SparseAdagrad adagrad)
        {
            var state = adagrad.Accumulators.ToArray();
            Assert.Equal(stateBefore[1], state[1]);
            Assert.Equal(stateBefore[3], state[3]);
            Assert.NotEqual(stateBefore[Positive], state[Positive]);
        }
    }

    [Fact]
    public void Train_SameSeedOneThread_BitIdenticalTables()
    {
        // Arrange
        var (train, _) = PlantedTastes(seed: 3);
        var options = new BprOptions { Dimensions = 8, Epochs = 5, Threads = 1, Seed = 9 };

        // Act
        var first = BprTrainer.Train(train, null, options);
        var second = BprTrainer.Train(train, null, options);
        var other = BprTrainer.Train(train, null, options with { Seed = 10 });

        // Assert
        Assert.Equal(first.UserFactors.Values.ToArray(), second.UserFactors.Values.ToArray());
        Assert.Equal(first.MovieFactors.Values.ToArray(), second.MovieFactors.Values.ToArray());
        Assert.Equal(first.MovieBias.Values.ToArray(), second.MovieBias.Values.ToArray());
        Assert.Equal(first.UserBias.Values.ToArray(), second.UserBias.Values.ToArray());
        Assert.NotEqual(first.MovieFactors.Values.ToArray(), other.MovieFactors.Values.ToArray());
    }

    [Fact]
    public void Train_FusedSgd_MatchesSparseGradientPath()
    {
        // Arrange
        var (train, _) = PlantedTastes(seed: 3);
        var options = new BprOptions { Dimensions = 8, Epochs = 2, Threads = 1, Regularization = 0.05f, BiasRegularization = 0.02f };

        // Act
        var fused = BprTrainer.Train(train, null, options);
        var sparse = BprTrainer.Train(train, null, options with { FusedUpdates = false });

        // Assert
        Assert.True(options.UsesFusedUpdates);
        AssertClose(sparse.UserFactors, fused.UserFactors);
        AssertClose(sparse.MovieFactors, fused.MovieFactors);
        AssertClose(sparse.UserBias, fused.UserBias);
        AssertClose(sparse.MovieBias, fused.MovieBias);
        Assert.NotEqual(new float[sparse.UserBias.Rows], sparse.UserBias.Values.ToArray());
    }

    [Fact]
    public void Train_Cancelled_ThrowsAndReportsNoFurtherEpochs()
    {
        var (train, _) = PlantedTastes(seed: 3);
        using var cancel = new CancellationTokenSource();
        var epochs = new List<int>();

        Assert.ThrowsAny<OperationCanceledException>(() => BprTrainer.Train(train, null, new BprOptions { Epochs = 50, Threads = 1 }, p =>
        {
            epochs.Add(p.Epoch);
            cancel.Cancel();
        }, cancel.Token));

        Assert.Equal([1], epochs);
    }

    [Fact]
    public void Train_PlantedTastes_RanksHeldOutFavouritesAbovePopularity()
    {
        // Arrange
        var (train, heldOut) = PlantedTastes(seed: 5);
        var options = new BprOptions { Dimensions = 8, Epochs = 40, Threads = 1, LearningRate = 0.05f };
        var counts = new float[train.MovieCount];
        foreach (var m in train.Movies)
        {
            counts[m]++;
        }

        // Act
        var model = BprTrainer.Train(train, null, options);
        var bprHits = HitRate(train, heldOut, (u, m) => model.MovieBias.Row(m)[0] + System.Numerics.Tensors.TensorPrimitives.Dot((ReadOnlySpan<float>)model.UserFactors.Row(u), model.MovieFactors.Row(m)));
        var popularHits = HitRate(train, heldOut, (_, m) => counts[m]);

        // Assert
        Assert.True(bprHits > popularHits + 0.2, $"BPR hit rate {bprHits}, popularity {popularHits}");
    }

    [Fact]
    public void RatingCalibration_FitAndApply_PredictsLinearMapAndKeepsOrder()
    {
        // Arrange
        var (train, _) = PlantedTastes(seed: 3);
        var raw = BprTrainer.Train(train, null, new BprOptions { Dimensions = 8, Epochs = 10, Threads = 1 });

        // Act
        var calibration = RatingCalibration.Fit(raw, train);
        var calibrated = calibration.ApplyTo(raw);

        // Assert
        Assert.True(calibration.Scale >= RatingCalibration.MinScale);
        Assert.True(RatingErrors.Measure(calibrated, train).Rmse < RatingErrors.Measure(new FactorModel(train.Mean(), raw.UserFactors, raw.MovieFactors, EmbeddingTable.Zeros(raw.UserCount, 1), EmbeddingTable.Zeros(raw.MovieCount, 1)), train).Rmse);
        for (var m = 0; m < raw.MovieCount; m++)
        {
            Assert.Equal(calibration.Apply(raw.Predict(0, m)), calibrated.Predict(0, m), 1e-3);
        }
    }

    private static void AssertClose(EmbeddingTable expected, EmbeddingTable actual)
    {
        var e = expected.Values.ToArray();
        var a = actual.Values.ToArray();
        Assert.Equal(e.Length, a.Length);
        for (var i = 0; i < e.Length; i++)
        {
            Assert.Equal(e[i], a[i], 1e-4 * Math.Max(1, Math.Abs(e[i])));
        }
    }

    private static double HitRate(RatingSet train, RatingSet heldOut, Func<int, int, float> score)
    {
        var hits = 0;
        for (var i = 0; i < heldOut.Count; i++)
        {
            var user = heldOut.Users[i];
            var rated = new HashSet<int>();
            for (var j = 0; j < train.Count; j++)
            {
                if (train.Users[j] == user)
                {
                    rated.Add(train.Movies[j]);
                }
            }

            var top = Enumerable.Range(0, train.MovieCount).Where(m => !rated.Contains(m))
                .OrderByDescending(m => score(user, m)).ThenBy(m => m).Take(5);
            hits += top.Contains(heldOut.Movies[i]) ? 1 : 0;
        }

        return (double)hits / heldOut.Count;
    }

    /// <summary>
    /// Three genres of 10 movies; 30 users like genre 0, 15 each like genres 1 and 2 (so popularity favours genre 0).
    /// Each user rates 70% of their genre highly and 5% of the others low; one random rated favourite per user is held out.
    /// </summary>
    private static (RatingSet Train, RatingSet HeldOut) PlantedTastes(int seed)
    {
        var random = new Random(seed);
        var users = new List<int>();
        var movies = new List<int>();
        var values = new List<float>();
        var heldUsers = new List<int>();
        var heldMovies = new List<int>();
        var heldValues = new List<float>();
        for (var u = 0; u < 60; u++)
        {
            var genre = u < 30 ? 0 : u < 45 ? 1 : 2;
            var rated = Enumerable.Range(0, 30).Where(m => random.NextDouble() < (m / 10 == genre ? 0.7 : 0.05)).ToList();
            var loved = rated.Where(m => m / 10 == genre).ToList();
            var held = loved.Count > 1 ? loved[random.Next(loved.Count)] : -1;
            foreach (var m in rated)
            {
                if (m == held)
                {
                    heldUsers.Add(u);
                    heldMovies.Add(m);
                    heldValues.Add(5f);
                    continue;
                }

                users.Add(u);
                movies.Add(m);
                values.Add(m / 10 == genre ? 4.5f + (random.Next(2) * 0.5f) : 1f + random.Next(2));
            }
        }

        return (new RatingSet(users.ToArray(), movies.ToArray(), values.ToArray(), 60, 30),
            new RatingSet(heldUsers.ToArray(), heldMovies.ToArray(), heldValues.ToArray(), 60, 30));
    }

    private static EmbeddingTable[] RandomTables() =>
    [
        EmbeddingTable.Random(3, Dim, 0.5f, 1),
        EmbeddingTable.Random(5, Dim, 0.5f, 2),
        EmbeddingTable.Random(3, 1, 0.3f, 3),
        EmbeddingTable.Random(5, 1, 0.3f, 4),
    ];

    // ½w(μ + b_u + b_i + p_u·q_i − r)² + Σ_j log(1 + exp(−x_uij)), in double.
    private static double Loss(EmbeddingTable[] t)
    {
        double Dot(int movie)
        {
            var sum = 0.0;
            for (var k = 0; k < Dim; k++)
            {
                sum += (double)t[0].Row(User)[k] * t[1].Row(movie)[k];
            }

            return sum;
        }

        var e = Mu + t[2].Row(User)[0] + t[3].Row(Positive)[0] + Dot(Positive) - Value;
        var loss = 0.5 * Weight * e * e;
        foreach (var j in s_negatives)
        {
            var x = t[3].Row(Positive)[0] - (double)t[3].Row(j)[0] + Dot(Positive) - Dot(j);
            loss += Math.Log(1 + Math.Exp(-x));
        }

        return loss;
    }
}
