using System.Text;

namespace Recommender.Benchmarks.Report;

/// <summary>Writes a GitHub-flavoured markdown table; pipes and line breaks inside cells are escaped so a cell stays one cell.</summary>
internal static class MarkdownTable
{
    /// <summary>Renders a header row, the separator row and the body rows, each line ending in '\n'.</summary>
    public static string Render(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentOutOfRangeException.ThrowIfZero(header.Count);
        var text = new StringBuilder();
        Line(text, header);
        text.Append('|').Append(string.Concat(Enumerable.Repeat("---|", header.Count))).Append('\n');
        foreach (var row in rows)
        {
            if (row.Count != header.Count)
            {
                throw new ArgumentException($"row has {row.Count} cells, the header {header.Count}", nameof(rows));
            }

            Line(text, row);
        }

        return text.ToString();
    }

    private static void Line(StringBuilder text, IReadOnlyList<string> cells)
    {
        text.Append('|');
        foreach (var cell in cells)
        {
            text.Append(' ').Append(Escape(cell)).Append(" |");
        }

        text.Append('\n');
    }

    private static string Escape(string cell) =>
        cell.Replace("|", "\\|", StringComparison.Ordinal).Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ');
}
