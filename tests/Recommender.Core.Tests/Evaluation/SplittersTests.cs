using Recommender.Core.Data;
using Recommender.Core.Evaluation;

namespace Recommender.Core.Tests.Evaluation;

public sealed class SplittersTests
{
    [Fact]
    public void RandomKFold_TestPartsAreDisjointAndCoverTheData()
    {
        // Arrange: every (user, movie) pair is distinct, so a pair identifies a rating.
        var all = Distinct(users: 30, movies: 20);

        // Act
        var splits = Splitters.RandomKFold(all, 5, seed: 7);

        // Assert
        var seen = new HashSet<(int, int)>();
        foreach (var split in splits)
        {
            Assert.Equal(all.Count, split.Train.Count + split.Test.Count);
            Assert.Equal(all.UserCount, split.Test.UserCount);
            Assert.Equal(all.MovieCount, split.Test.MovieCount);
            Assert.Empty(Pairs(split.Train).Intersect(Pairs(split.Test)));
            Assert.InRange(split.Test.Count, all.Count / 5, (all.Count / 5) + 1);
            foreach (var pair in Pairs(split.Test))
            {
                Assert.True(seen.Add(pair), $"rating {pair} is in two test folds");
            }
        }

        Assert.Equal(Pairs(all).ToHashSet(), seen);
    }

    [Fact]
    public void RandomKFold_SameSeedSameFolds_OtherSeedOtherFolds()
    {
        var all = Distinct(users: 30, movies: 20);

        var a = Splitters.RandomKFold(all, 3, seed: 1);
        var b = Splitters.RandomKFold(all, 3, seed: 1);
        var c = Splitters.RandomKFold(all, 3, seed: 2);

        Assert.Equal(Pairs(a[0].Test), Pairs(b[0].Test));
        Assert.NotEqual(Pairs(a[0].Test), Pairs(c[0].Test));
    }

    [Fact]
    public void RandomKFold_OneFold_ThrowsNamingFolds()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Splitters.RandomKFold(Distinct(3, 3), 1, 0));
        Assert.Equal("folds", e.ParamName);
    }

    [Fact]
    public void TemporalLeaveLastOut_HoldsOutEachUsersLatestRatings()
    {
        // Arrange: user 0 rates movies 0..4 at times 50, 10, 40, 20, 30; user 1 rates one movie only.
        var ratings = new RatingSet([0, 0, 0, 0, 0, 1], [0, 1, 2, 3, 4, 0], [1f, 2f, 3f, 4f, 5f, 3f], 2, 5);
        var timed = new TimedRatings(ratings, [50, 10, 40, 20, 30, 5]);

        // Act
        var split = Splitters.TemporalLeaveLastOut(timed, 2);

        // Assert: user 0's two latest (movies 0 and 2) are held out; user 1 (too few ratings) stays in train.
        Assert.Equal([(0, 0), (0, 2)], Pairs(split.Test).Order().ToArray());
        Assert.Equal([(0, 1), (0, 3), (0, 4), (1, 0)], Pairs(split.Train).Order().ToArray());
        Assert.Equal(2, split.Test.UserCount);
        Assert.Equal(5, split.Test.MovieCount);
    }

    [Fact]
    public void TemporalLeaveLastOut_EveryTestRatingIsNoEarlierThanTheUsersTrainRatings()
    {
        // Arrange
        var all = Distinct(users: 25, movies: 12);
        var random = new Random(5);
        var times = Enumerable.Range(0, all.Count).Select(_ => (long)random.Next(1000)).ToArray();

        // Act
        var split = Splitters.TemporalLeaveLastOut(new TimedRatings(all, times), 3);

        // Assert: disjoint, covering, and time-ordered per user.
        var time = Enumerable.Range(0, all.Count).ToDictionary(i => (all.Users[i], all.Movies[i]), i => times[i]);
        Assert.Equal(all.Count, split.Train.Count + split.Test.Count);
        Assert.Empty(Pairs(split.Train).Intersect(Pairs(split.Test)));
        var expectedTest = all.Users.GroupBy(u => u).Sum(g => g.Count() > 3 ? 3 : 0);
        Assert.Equal(expectedTest, split.Test.Count);
        foreach (var (u, m) in Pairs(split.Test))
        {
            var latestTrain = Pairs(split.Train).Where(p => p.User == u).Max(p => time[p]);
            Assert.True(time[(u, m)] >= latestTrain);
        }
    }

    [Fact]
    public void MovieLensRatings_FoldsShareTheVocabularyAndMapIdsToIdMinusOne()
    {
        // Arrange: a tiny ml-100k-format folder.
        var dir = Directory.CreateTempSubdirectory("ml-folds").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "u1.base"), "1\t3\t4\t100\n3\t1\t5\t101\n");
            File.WriteAllText(Path.Combine(dir, "u1.test"), "2\t2\t1\t102\n1\t4\t5\t103\n");

            // Act
            var split = MovieLensRatings.LoadFold(dir, 1);

            // Assert
            Assert.Equal(3, split.Train.UserCount);
            Assert.Equal(4, split.Train.MovieCount);
            Assert.Equal(split.Train.MovieCount, split.Test.MovieCount);
            Assert.Equal([0, 2], split.Train.Users);
            Assert.Equal([2, 0], split.Train.Movies);
            Assert.Equal([1, 0], split.Test.Users);
            Assert.Equal([1, 3], split.Test.Movies);
            Assert.Equal([1f, 5f], split.Test.Values);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void MovieLensRatings_BadLine_NamesFileAndLine()
    {
        var dir = Directory.CreateTempSubdirectory("ml-bad").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "u.data"), "1\t3\t4\t100\n1\t2\tfour\t101\n");

            var e = Assert.Throws<FormatException>(() => MovieLensRatings.LoadAll(dir));

            Assert.Contains("u.data:2", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static RatingSet Distinct(int users, int movies)
    {
        var u = new List<int>();
        var m = new List<int>();
        var v = new List<float>();
        var random = new Random(users * movies);
        for (var i = 0; i < users; i++)
        {
            for (var j = 0; j < movies; j++)
            {
                if (random.NextDouble() < 0.6)
                {
                    u.Add(i);
                    m.Add(j);
                    v.Add(random.Next(1, 6));
                }
            }
        }

        return new RatingSet(u.ToArray(), m.ToArray(), v.ToArray(), users, movies);
    }

    private static IEnumerable<(int User, int Movie)> Pairs(RatingSet set) =>
        Enumerable.Range(0, set.Count).Select(i => (set.Users[i], set.Movies[i]));
}
