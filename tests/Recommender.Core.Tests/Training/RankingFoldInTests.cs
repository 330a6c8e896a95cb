using System.Numerics.Tensors;
using Recommender.Core.Data;
using Recommender.Core.Training;

namespace Recommender.Core.Tests.Training;

public sealed class RankingFoldInTests
{
    [Fact]
    public void FoldInUser_NewUserRatesOneGenre_RanksThatGenreFirstAndLeavesModelUnchanged()
    {
        // Arrange: 3 genres of 10 movies, 20 users each rating most of their genre only.
        var random = new Random(4);
        var users = new List<int>();
        var movies = new List<int>();
        for (var u = 0; u < 60; u++)
        {
            for (var m = 0; m < 30; m++)
            {
                if (m / 10 == u / 20 && random.NextDouble() < 0.8)
                {
                    users.Add(u);
                    movies.Add(m);
                }
            }
        }

        var train = new RatingSet(users.ToArray(), movies.ToArray(), users.Select(_ => 4.5f).ToArray(), 60, 30);
        var options = new BprOptions { Dimensions = 8, Epochs = 40, Threads = 1, LearningRate = 0.05f };
        var (model, calibration) = BprTrainer.TrainCalibrated(train, null, options);
        var movieRows = model.MovieFactors.Values.ToArray();
        int[] rated = [20, 22, 25];

        // Act
        var (vector, bias) = RankingFoldIn.FoldInUser(model, calibration, rated, [5f, 5f, 4f], options, seed: 1);
        var again = RankingFoldIn.FoldInUser(model, calibration, rated, [5f, 5f, 4f], options, seed: 1);

        // Assert
        var top = Enumerable.Range(0, 30).Where(m => !rated.Contains(m))
            .OrderByDescending(m => model.MovieBias.Row(m)[0] + TensorPrimitives.Dot(vector, model.MovieFactors.Row(m)))
            .Take(5);
        Assert.All(top, m => Assert.Equal(2, m / 10));
        Assert.True(float.IsFinite(bias));
        Assert.Equal(vector, again.Vector);
        Assert.Equal(movieRows, model.MovieFactors.Values.ToArray());
    }

    [Fact]
    public void FoldInUser_NoRatings_ReturnsZeroRow()
    {
        var model = BprTrainer.Train(new RatingSet([0, 1], [0, 1], [4f, 3f]), null, new BprOptions { Dimensions = 4, Epochs = 1, Threads = 1 });

        var (vector, bias) = RankingFoldIn.FoldInUser(model, RatingCalibration.Identity, [], [], new BprOptions(), seed: 1);

        Assert.Equal(new float[4], vector);
        Assert.Equal(0f, bias);
    }
}
