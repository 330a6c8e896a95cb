using System.CommandLine;
using Recommender.Contracts.V1;
using Spectre.Console;

namespace Recommender.Cli.Commands;

/// <summary><c>recommender rate &lt;user&gt; &lt;movie&gt; &lt;value&gt;</c>: add or replace one rating.</summary>
public static class RateCommand
{
    public static Command Create(CliEnvironment environment, GlobalOptions global)
    {
        var user = new Argument<string>("user") { Description = "User id" };
        var movie = new Argument<string>("movie") { Description = "Movie id or title" };
        var value = new Argument<string>("value") { Description = "Rating, e.g. 4.5 (MovieLens scale 0.5-5)" };
        var command = new Command("rate", "Rate a movie for a user (replaces an earlier rating)") { user, movie, value };
        CommandRunner.SetAction(command, environment, global, (context, parse, cancellationToken) => RunAsync(
            context,
            parse.GetRequiredValue(user),
            parse.GetRequiredValue(movie),
            Parsers.ParseFloat(parse.GetRequiredValue(value), "the rating"),
            cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(CliContext context, string user, string movieIdOrTitle, float value, CancellationToken cancellationToken)
    {
        var movie = await MovieResolver.ResolveAsync(context, movieIdOrTitle, cancellationToken);
        var response = await context.Ratings.AddRatingAsync(
            new AddRatingRequest { UserId = user, MovieId = movie.MovieId, Value = value },
            cancellationToken: cancellationToken);
        if (context.Json)
        {
            Output.JsonOutput.Write(context.Output, new RateResult(user, movie.MovieId, movie.Title, value, response.ModelVersion, response.UserUpdated));
            return ExitCodes.Ok;
        }

        context.Console.WriteLine($"{user} rated {Describe(movie)} {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
        if (response.UserUpdated)
        {
            context.Console.WriteLine($"The user's embedding was refitted; model version {response.ModelVersion} answers their next query.");
        }
        else if (response.ModelVersion == 0)
        {
            context.Console.WriteLine("No model yet: train one with 'recommender train' to get personal recommendations.");
        }

        return ExitCodes.Ok;
    }

    internal static string Describe(Movie movie) =>
        movie.Year == 0 ? movie.Title : FormattableString.Invariant($"{movie.Title} ({movie.Year})");

    private sealed record RateResult(string UserId, string MovieId, string Title, float Value, long ModelVersion, bool UserUpdated);
}
