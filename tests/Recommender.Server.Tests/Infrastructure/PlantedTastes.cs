using Grpc.Core;
using Recommender.Contracts.V1;
using Recommender.Server.Tests.Infrastructure;

namespace Recommender.Server.Tests.Integration;

/// <summary>
/// A synthetic world with known structure: movies in three genres, and users who each love one
/// genre (4.5–5 stars) and dislike the others (1–2 stars). A model that learned anything puts
/// same-genre movies together and recommends each user their genre.
/// </summary>
internal static class PlantedTastes
{
    public static readonly string[] Genres = ["Action", "Comedy", "Horror"];
    public const int MoviesPerGenre = 12;
    public const int UsersPerGenre = 20;

    public static string GenreOfMovie(string movieId) => Genres[int.Parse(movieId.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture) / MoviesPerGenre];

    public static string GenreOfUser(string userId) => Genres[int.Parse(userId.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture) / UsersPerGenre];

    /// <summary>Stores the catalogue and ratings; each user rates about 60% of the movies.</summary>
    public static async Task SeedAsync(TestServer server, int seed = 7)
    {
        var movies = new UpsertMoviesRequest();
        for (var m = 0; m < Genres.Length * MoviesPerGenre; m++)
        {
            movies.Movies.Add(Fixtures.Movie($"m{m}", $"{Genres[m / MoviesPerGenre]} film {m}", 2000 + m, Genres[m / MoviesPerGenre]));
        }

        await server.Catalog.UpsertMoviesAsync(movies).ResponseAsync.WithTimeout();
        var random = new Random(seed);
        using var call = server.Ratings.IngestRatings();
        for (var u = 0; u < Genres.Length * UsersPerGenre; u++)
        {
            for (var m = 0; m < Genres.Length * MoviesPerGenre; m++)
            {
                if (random.NextDouble() < 0.6)
                {
                    var loves = u / UsersPerGenre == m / MoviesPerGenre;
                    var value = loves ? 4.5f + (random.Next(2) * 0.5f) : 1f + (random.Next(3) * 0.5f);
                    await call.RequestStream.WriteAsync(Fixtures.Rating($"u{u}", $"m{m}", value)).WithTimeout();
                }
            }
        }

        await call.RequestStream.CompleteAsync().WithTimeout();
        await call.ResponseAsync.WithTimeout();
    }

    /// <summary>Trains with small, fast settings and returns every progress message.</summary>
    public static async Task<List<TrainingProgress>> TrainAsync(TestServer server, int epochs = 40, CancellationToken cancellationToken = default)
    {
        var request = new TrainRequest { Dimensions = 8, Epochs = epochs, LearningRate = 0.05f, Seed = 11, Threads = 1 };
        using var call = server.Models.Train(request, cancellationToken: cancellationToken);
        var progress = new List<TrainingProgress>();
        await foreach (var message in call.ResponseStream.ReadAllAsync(cancellationToken).WithTimeout())
        {
            progress.Add(message);
        }

        return progress;
    }
}
