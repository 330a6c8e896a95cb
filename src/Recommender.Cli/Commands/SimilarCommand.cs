using System.CommandLine;
using Recommender.Cli.Output;
using Recommender.Contracts.V1;
using Spectre.Console;

namespace Recommender.Cli.Commands;

/// <summary><c>recommender similar &lt;movie&gt;</c>: the nearest movies by embedding cosine.</summary>
public static class SimilarCommand
{
    public static Command Create(CliEnvironment environment, GlobalOptions global)
    {
        var movie = new Argument<string>("movie") { Description = "Movie id or title (case-insensitive; 'Heat (1995)' picks a year)" };
        var limit = Parsers.LimitOption();
        var genre = Parsers.GenreOption();
        var command = new Command("similar", "Movies similar to a movie") { movie, limit, genre };
        CommandRunner.SetAction(command, environment, global, (context, parse, cancellationToken) => RunAsync(
            context,
            parse.GetRequiredValue(movie),
            parse.GetValue(limit),
            parse.GetValue(genre) ?? [],
            cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(CliContext context, string idOrTitle, int limit, IReadOnlyList<string> genres, CancellationToken cancellationToken)
    {
        var movie = await MovieResolver.ResolveAsync(context, idOrTitle, cancellationToken);
        var request = new SimilarMoviesRequest { MovieId = movie.MovieId, Limit = limit, Genres = { genres } };
        var list = await context.Recommendations.SimilarMoviesAsync(request, cancellationToken: cancellationToken);
        if (context.Json)
        {
            JsonOutput.Write(context.Output, list);
            return ExitCodes.Ok;
        }

        if (list.Items.Count == 0)
        {
            context.Console.WriteLine($"No similar movies for {RateCommand.Describe(movie)}.");
            return ExitCodes.Ok;
        }

        context.Console.Write(Tables.Scored(list.Items, $"Like {RateCommand.Describe(movie)} [{movie.MovieId}] · model {list.ModelVersion}"));
        return ExitCodes.Ok;
    }
}
