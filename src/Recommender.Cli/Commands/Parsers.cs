using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Recommender.Cli.Commands;

/// <summary>Option factories that parse numbers with the invariant culture, whatever the terminal's locale.</summary>
internal static class Parsers
{
    public static Option<float> FloatOption(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = ParseFloat,
    };

    public static float ParseFloat(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && float.IsFinite(value))
        {
            return value;
        }

        result.AddError($"'{text}' is not a number (use '.' for decimals)");
        return 0;
    }

    public static float ParseFloat(string text, string what)
    {
        if (float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && float.IsFinite(value))
        {
            return value;
        }

        throw new CliUsageException($"{what} must be a number such as 4.5, got '{text}'");
    }

    public static Option<int> LimitOption() => new("--limit", "-n")
    {
        Description = "How many movies to show (1-1000)",
        DefaultValueFactory = _ => 10,
    };

    public static Option<string[]> GenreOption() => new("--genre", "-g")
    {
        Description = "Only movies of this genre; repeat for several",
        AllowMultipleArgumentsPerToken = false,
    };
}
