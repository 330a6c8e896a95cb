using System.CommandLine;
using Recommender.Cli.Output;
using Recommender.Contracts.V1;
using Spectre.Console;

namespace Recommender.Cli.Commands;

/// <summary><c>recommender recommend &lt;user&gt;</c>: the user's top movies.</summary>
public static class RecommendCommand
{
    public static Command Create(CliEnvironment environment, GlobalOptions global)
    {
        var user = new Argument<string>("user") { Description = "User id" };
        var limit = Parsers.LimitOption();
        var genre = Parsers.GenreOption();
        var command = new Command("recommend", "Recommend movies for a user") { user, limit, genre };
        CommandRunner.SetAction(command, environment, global, (context, parse, cancellationToken) => RunAsync(
            context,
            parse.GetRequiredValue(user),
            parse.GetValue(limit),
            parse.GetValue(genre) ?? [],
            cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(CliContext context, string user, int limit, IReadOnlyList<string> genres, CancellationToken cancellationToken)
    {
        var request = new RecommendForUserRequest { UserId = user, Limit = limit, Genres = { genres } };
        var list = await context.Recommendations.RecommendForUserAsync(request, cancellationToken: cancellationToken);
        if (context.Json)
        {
            JsonOutput.Write(context.Output, list);
            return ExitCodes.Ok;
        }

        if (string.Equals(list.Strategy, "popular", StringComparison.Ordinal))
        {
            context.Console.WriteLine($"No personal recommendations for {user} yet (unknown user, or no model): showing the most popular movies.");
        }

        if (list.Items.Count == 0)
        {
            context.Console.WriteLine("No movies to recommend. Import some with: recommender import <folder>");
            return ExitCodes.Ok;
        }

        context.Console.Write(Tables.Scored(list.Items, $"For {user} · {list.Strategy} · model {list.ModelVersion}"));
        return ExitCodes.Ok;
    }
}
