using System.Globalization;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Recommender.Contracts.V1;
using Recommender.Server.Tests.Infrastructure;

namespace Recommender.Benchmarks.EndToEnd;

/// <summary>Loads MovieLens 100K (u.item + u.data) into a running server through its gRPC API.</summary>
internal static class MovieLensLoader
{
    /// <summary>Upserts the movies and streams the ratings; returns the user ids (as the server knows them).</summary>
    public static async Task<string[]> LoadAsync(ServerProcess server, string directory)
    {
        var movies = new UpsertMoviesRequest();
        // u.item is Latin-1: "id|title|release date|video date|url|genre flags...".
        foreach (var line in File.ReadLines(Path.Combine(directory, "u.item"), Encoding.Latin1))
        {
            var parts = line.Split('|');
            if (parts.Length > 1)
            {
                movies.Movies.Add(new Movie { MovieId = parts[0], Title = parts[1].Length == 0 ? $"Movie {parts[0]}" : parts[1] });
            }
        }

        await server.Catalog.UpsertMoviesAsync(movies);
        var users = new HashSet<string>();
        using var ingest = server.Ratings.IngestRatings();
        foreach (var line in File.ReadLines(Path.Combine(directory, "u.data")))
        {
            var parts = line.Split('\t');
            if (parts.Length < 4)
            {
                continue;
            }

            users.Add(parts[0]);
            await ingest.RequestStream.WriteAsync(new Rating
            {
                UserId = parts[0],
                MovieId = parts[1],
                Value = float.Parse(parts[2], CultureInfo.InvariantCulture),
                RatedAt = new Timestamp { Seconds = long.Parse(parts[3], CultureInfo.InvariantCulture) },
            });
        }

        await ingest.RequestStream.CompleteAsync();
        await ingest.ResponseAsync;
        return [.. users.Order(StringComparer.Ordinal)];
    }

    public static string[] MovieIds(string directory) =>
        [.. File.ReadLines(Path.Combine(directory, "u.item"), Encoding.Latin1).Select(l => l.Split('|')[0]).Where(id => id.Length > 0)];
}
