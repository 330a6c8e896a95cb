using System.Globalization;
using System.Text.RegularExpressions;

namespace Recommender.Cli.MovieLens;

/// <summary>MovieLens puts the year in the title: "Heat (1995)", and for series "Babylon 5 (1993-1998)".</summary>
public static partial class MovieLensTitle
{
    /// <summary>The years the server accepts; anything else is stored as unknown (0).</summary>
    public const int MinYear = 1800;

    public const int MaxYear = 2200;

    /// <summary>Splits a trailing "(yyyy)" off <paramref name="raw"/>; returns the title unchanged and year 0 when there is none.</summary>
    public static (string Title, int Year) Split(string raw)
    {
        var trimmed = raw.Trim();
        var match = TrailingYear().Match(trimmed);
        if (!match.Success)
        {
            return (trimmed, 0);
        }

        var title = match.Groups["title"].Value.TrimEnd();
        var year = ValidYear(int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture));

        // A title that is nothing but a year keeps its text.
        return title.Length == 0 ? (trimmed, year) : (title, year);
    }

    /// <summary>The title without a trailing "(yyyy)".</summary>
    public static string WithoutYear(string raw) => Split(raw).Title;

    internal static int ValidYear(int year) => year is >= MinYear and <= MaxYear ? year : 0;

    [GeneratedRegex(@"^(?<title>.*?)\s*\((?<year>\d{4})(?:\s*[-\u2013]\s*(?:\d{4})?)?\)$", RegexOptions.CultureInvariant)]
    private static partial Regex TrailingYear();
}
