using Google.Protobuf.WellKnownTypes;
using Recommender.Contracts.V1;

namespace Recommender.Server.Tests.Integration;

/// <summary>Small, readable test data.</summary>
internal static class Fixtures
{
    public static Movie Movie(string id, string title = "", int year = 1999, params string[] genres) =>
        new() { MovieId = id, Title = title.Length == 0 ? $"Movie {id}" : title, Year = year, Genres = { genres } };

    public static Rating Rating(string user, string movie, float value, long unixSeconds = 1_000_000_000) =>
        new() { UserId = user, MovieId = movie, Value = value, RatedAt = new Timestamp { Seconds = unixSeconds } };

    /// <summary>Upserts movies m0..m(count-1).</summary>
    public static async Task SeedMoviesAsync(TestServer server, int count)
    {
        var request = new UpsertMoviesRequest();
        for (var i = 0; i < count; i++)
        {
            request.Movies.Add(Movie($"m{i}", genres: i % 2 == 0 ? "Drama" : "Comedy"));
        }

        await server.Catalog.UpsertMoviesAsync(request);
    }

    /// <summary>A deterministic synthetic stream: user u{i % users} rates movie m{(i * 7) % movies}.</summary>
    public static IEnumerable<Rating> SyntheticRatings(int count, int users, int movies, float offset = 0)
    {
        for (var i = 0; i < count; i++)
        {
            var user = i % users;
            var movie = ((i / users) + (user * 7)) % movies;
            yield return Rating($"u{user}", $"m{movie}", 0.5f + ((i + offset) % 10 * 0.5f), 1_000_000_000 + i);
        }
    }
}
