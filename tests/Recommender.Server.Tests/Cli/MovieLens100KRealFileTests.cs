using Recommender.Cli.MovieLens;

namespace Recommender.Server.Tests.Cli;

/// <summary>The reader against the real MovieLens 100K files in ../shared/data, which CI has beside the repository.</summary>
public sealed class MovieLens100KRealFileTests
{
    [Fact]
    public void ReadMovies_RealItemFile_ParsesEveryLineIncludingSingleDigitDays()
    {
        // Arrange
        var folder = FindMovieLens100K();
        using var reader = new StreamReader(Path.Combine(folder, MovieLens100K.ItemFile), MovieLens100K.Encoding);

        // Act
        var movies = MovieLens100K.ReadMovies(reader, MovieLens100K.ItemFile, MovieLens100K.StandardGenres).ToList();

        // Assert
        Assert.Equal(1682, movies.Count);
        Assert.Contains(movies, m => m.Year == 1971);
    }

    private static string FindMovieLens100K()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", "ml-100k");
            if (File.Exists(Path.Combine(candidate, MovieLens100K.ItemFile)))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("../shared/data/ml-100k not found beside the repository");
    }
}
