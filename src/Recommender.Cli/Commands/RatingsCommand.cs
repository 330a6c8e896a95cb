using System.CommandLine;
using System.Globalization;
using Grpc.Core;
using Recommender.Cli.Output;
using Recommender.Contracts.V1;
using Spectre.Console;

namespace Recommender.Cli.Commands;

/// <summary><c>recommender ratings &lt;user&gt;</c>: a user's ratings with the movies' titles.</summary>
public static class RatingsCommand
{
    private const int ParallelLookups = 8;

    public static Command Create(CliEnvironment environment, GlobalOptions global)
    {
        var user = new Argument<string>("user") { Description = "User id" };
        var command = new Command("ratings", "List a user's ratings") { user };
        CommandRunner.SetAction(command, environment, global, (context, parse, cancellationToken) =>
            RunAsync(context, parse.GetRequiredValue(user), cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(CliContext context, string user, CancellationToken cancellationToken)
    {
        var response = await context.Ratings.GetUserRatingsAsync(new GetUserRatingsRequest { UserId = user }, cancellationToken: cancellationToken);
        var movies = await LookUpAsync(context, response.Ratings.Select(r => r.MovieId), cancellationToken);
        var rows = response.Ratings
            .OrderByDescending(r => r.RatedAt?.ToDateTimeOffset() ?? DateTimeOffset.MinValue)
            .Select(r =>
            {
                var movie = movies.GetValueOrDefault(r.MovieId);
                return new RatedMovie(
                    r.MovieId,
                    movie?.Title ?? "",
                    movie?.Year ?? 0,
                    movie?.Genres.ToArray() ?? [],
                    r.Value,
                    r.RatedAt?.ToDateTimeOffset());
            })
            .ToList();

        if (context.Json)
        {
            JsonOutput.Write(context.Output, new UserRatings(user, rows));
            return ExitCodes.Ok;
        }

        if (rows.Count == 0)
        {
            context.Console.WriteLine($"{user} has no ratings yet. Add one with: recommender rate {user} <movie> <value>");
            return ExitCodes.Ok;
        }

        var table = Tables.New($"Ratings of {user} ({rows.Count})", "Id", "Title", "Year", "Genres", "Rating", "Rated at (UTC)");
        table.Columns[4].RightAligned();
        foreach (var row in rows)
        {
            table.AddRow(
                Tables.Cell(row.MovieId),
                Tables.Cell(row.Title),
                Tables.Cell(Tables.Year(row.Year)),
                Tables.Cell(Tables.Genres(row.Genres)),
                Tables.Cell(row.Value.ToString("0.0", CultureInfo.InvariantCulture)),
                Tables.Cell(row.RatedAt?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? ""));
        }

        context.Console.Write(table);
        return ExitCodes.Ok;
    }

    /// <summary>The catalogue entries of <paramref name="movieIds"/>; a movie that has gone missing is left out.</summary>
    internal static async Task<Dictionary<string, Movie>> LookUpAsync(CliContext context, IEnumerable<string> movieIds, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, Movie>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(
            movieIds.Distinct(StringComparer.Ordinal).ToList(),
            new ParallelOptions { MaxDegreeOfParallelism = ParallelLookups, CancellationToken = cancellationToken },
            async (id, token) =>
            {
                try
                {
                    var movie = (await context.Catalog.GetMovieAsync(new GetMovieRequest { MovieId = id }, cancellationToken: token)).Movie;
                    lock (found)
                    {
                        found[id] = movie;
                    }
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
                {
                    // Shown without a title rather than failing the whole listing.
                }
            });
        return found;
    }

    private sealed record RatedMovie(string MovieId, string Title, int Year, string[] Genres, float Value, DateTimeOffset? RatedAt);

    private sealed record UserRatings(string UserId, IReadOnlyList<RatedMovie> Ratings);
}
