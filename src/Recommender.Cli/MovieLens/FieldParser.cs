using System.Globalization;

namespace Recommender.Cli.MovieLens;

/// <summary>Field checks shared by the readers; each names the file and line of the bad value.</summary>
internal static class FieldParser
{
    /// <summary>The rating scale of every MovieLens release (ml-100k uses whole stars 1-5).</summary>
    public const float MinRating = 0.5f;

    public const float MaxRating = 5.0f;

    private const int MaxIdLength = 128;

    /// <summary>MovieLens ids are positive integers; anything else means the columns are off.</summary>
    public static string Id(string text, string column, string file, long line)
    {
        var trimmed = text.Trim();
        if (trimmed.Length is 0 or > MaxIdLength
            || !long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
        {
            throw new MalformedInputException(file, line, $"{column} must be a positive whole number, got '{Shorten(text)}'");
        }

        return trimmed;
    }

    public static float Rating(string text, string file, long line)
    {
        if (!float.TryParse(text.Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || !float.IsFinite(value))
        {
            throw new MalformedInputException(file, line, $"rating must be a number, got '{Shorten(text)}'");
        }

        if (value is < MinRating or > MaxRating)
        {
            throw new MalformedInputException(
                file, line, FormattableString.Invariant($"rating must be between {MinRating} and {MaxRating}, got {value}"));
        }

        return value;
    }

    public static long Timestamp(string text, string file, long line)
    {
        // Up to the year 9999, the range of google.protobuf.Timestamp.
        if (!long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 253_402_300_799)
        {
            throw new MalformedInputException(file, line, $"timestamp must be Unix seconds, got '{Shorten(text)}'");
        }

        return seconds;
    }

    public static void ColumnCount(IReadOnlyCollection<string> fields, int expected, string file, long line)
    {
        if (fields.Count != expected)
        {
            throw new MalformedInputException(file, line, $"expected {expected} columns, got {fields.Count}");
        }
    }

    public static string Title(string text, string file, long line)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 512 || text.AsSpan().ContainsAnyInRange('\0', '\u001f'))
        {
            throw new MalformedInputException(file, line, "title must be 1-512 characters, not blank and without control characters");
        }

        return text;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "...");
}
