using Recommender.Core.Data;
using Recommender.Core.Evaluation;

namespace Recommender.Core.Tests.Evaluation;

public sealed class BaselineTests
{
    [Fact]
    public void Popularity_EqualsADirectCountOfTrainRatings()
    {
        // Arrange
        var (train, _) = RankingEvaluatorTests.RandomSplit(users: 60, movies: 25, seed: 11);

        // Act
        var scorer = new PopularityScorer(train);
        var scores = new float[scorer.MovieCount];
        scorer.Score(0, scores);

        // Assert
        for (var m = 0; m < train.MovieCount; m++)
        {
            var direct = train.Movies.Count(x => x == m);
            Assert.Equal(direct, scores[m]);
        }
    }

    [Fact]
    public void BiasOnly_NoRegularisation_FitsAdditiveDataExactly()
    {
        // Arrange: r = 3 + bu + bm with a full 3×3 matrix, which the alternating passes solve exactly.
        float[] bu = [-1f, 0f, 0.5f];
        float[] bm = [0.5f, -0.25f, 0f];
        var users = new List<int>();
        var movies = new List<int>();
        var values = new List<float>();
        for (var u = 0; u < 3; u++)
        {
            for (var m = 0; m < 3; m++)
            {
                users.Add(u);
                movies.Add(m);
                values.Add(3f + bu[u] + bm[m]);
            }
        }

        var train = new RatingSet(users.ToArray(), movies.ToArray(), values.ToArray());

        // Act
        var model = BiasOnlyModel.Fit(train, passes: 20, userRegularization: 0f, movieRegularization: 0f);

        // Assert
        for (var i = 0; i < train.Count; i++)
        {
            Assert.Equal(train.Values[i], model.Predict(train.Users[i], train.Movies[i]), 4);
        }
    }

    [Fact]
    public void BiasOnly_Regularisation_ShrinksRarelyRatedMoviesTowardsMean()
    {
        // Arrange: movie 0 has one 5★ rating, movie 1 has fifty 5★ ratings, movie 2 fifty 1★ ratings.
        var users = new List<int> { 0 };
        var movies = new List<int> { 0 };
        var values = new List<float> { 5f };
        for (var u = 1; u <= 50; u++)
        {
            users.AddRange([u, u]);
            movies.AddRange([1, 2]);
            values.AddRange([5f, 1f]);
        }

        var train = new RatingSet(users.ToArray(), movies.ToArray(), values.ToArray());

        // Act
        var model = BiasOnlyModel.Fit(train);

        // Assert: same average rating, but the single rating earns a smaller bias.
        Assert.True(model.MovieBias[1] > model.MovieBias[0]);
        Assert.True(model.MovieBias[0] > 0);
    }

    [Fact]
    public void ErrorMetrics_HandComputed()
    {
        // Arrange: a constant prediction of 6 against ratings 3 and 5, clamped to [1, 5] first.
        var test = new RatingSet([0, 0], [0, 1], [3f, 5f], 1, 2);
        var predictor = new ConstantPredictor(6f);

        // Act
        var e = ErrorMetrics.Measure(predictor, test, new RatingRange(1f, 5f));

        // Assert: clamped to 5 → errors 2 and 0.
        Assert.Equal(Math.Sqrt(4.0 / 2), e.Rmse, 12);
        Assert.Equal(1.0, e.Mae, 12);
        Assert.Equal(2, e.Count);
    }

    [Fact]
    public void FactorModelScorer_ScoresDifferFromPredictionsByOneConstantPerUser()
    {
        // Arrange: a small trained model.
        var (train, _) = RankingEvaluatorTests.RandomSplit(users: 20, movies: 15, seed: 2);
        var model = Recommender.Core.Training.MatrixFactorizationTrainer.Train(
            train, null, new Recommender.Core.Training.TrainingOptions { Dimensions = 4, Epochs = 3, Threads = 1, InitStd = 0.1f });
        var scorer = new FactorModelScorer(model);
        var scores = new float[scorer.MovieCount];

        for (var u = 0; u < model.UserCount; u++)
        {
            // Act
            scorer.Score(u, scores);

            // Assert: score = prediction − (μ + b_u), so the ranking equals the ranking by predicted rating.
            var offset = model.GlobalMean + model.UserBias.Row(u)[0];
            for (var m = 0; m < scores.Length; m++)
            {
                Assert.Equal(scorer.Predict(u, m) - offset, scores[m], 4);
            }
        }
    }

    private sealed class ConstantPredictor(float value) : IRatingPredictor
    {
        public float Predict(int user, int movie) => value;
    }
}
