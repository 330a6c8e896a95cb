namespace Recommender.Benchmarks.Report;

/// <summary>
/// Replaces the text between <c>&lt;!-- benchmarks:begin --&gt;</c> and <c>&lt;!-- benchmarks:end --&gt;</c> in a
/// document, leaving every byte outside the markers (the markers included) as it was.
/// </summary>
internal static class ReadmeBlock
{
    public const string BeginMarker = "<!-- benchmarks:begin -->";
    public const string EndMarker = "<!-- benchmarks:end -->";

    /// <summary>
    /// Returns <paramref name="document"/> with the block's content replaced by <paramref name="content"/>, which is
    /// framed by one line break on each side. Fails when the markers are missing, repeated or out of order, rather
    /// than guess where the section belongs.
    /// </summary>
    public static string Replace(string document, string content)
    {
        var begin = document.IndexOf(BeginMarker, StringComparison.Ordinal);
        var end = document.IndexOf(EndMarker, StringComparison.Ordinal);
        if (begin < 0 || end < 0)
        {
            throw new FormatException($"the document must contain both {BeginMarker} and {EndMarker}");
        }

        if (document.IndexOf(BeginMarker, begin + 1, StringComparison.Ordinal) >= 0 ||
            document.IndexOf(EndMarker, end + 1, StringComparison.Ordinal) >= 0)
        {
            throw new FormatException("the benchmark markers must appear once each");
        }

        if (end < begin)
        {
            throw new FormatException($"{EndMarker} comes before {BeginMarker}");
        }

        var newline = document.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var body = content.Replace("\r\n", "\n", StringComparison.Ordinal).Trim('\n').Replace("\n", newline, StringComparison.Ordinal);
        var head = document[..(begin + BeginMarker.Length)];
        var tail = document[end..];
        return head + newline + body + newline + tail;
    }
}
