using System.Text;

namespace Recommender.Cli.MovieLens;

/// <summary>Splits one RFC 4180 line: fields may be quoted, a quote inside a quoted field is doubled.</summary>
internal static class CsvLine
{
    /// <summary>Fills <paramref name="fields"/>; returns an error text instead of throwing so callers can add the line number.</summary>
    public static string? Split(string line, List<string> fields)
    {
        fields.Clear();
        var field = new StringBuilder();
        var i = 0;
        while (true)
        {
            field.Clear();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        return "unterminated quoted field";
                    }

                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(line[i]);
                    i++;
                }

                if (i < line.Length && line[i] != ',')
                {
                    return "unexpected character after a closing quote";
                }
            }
            else
            {
                var end = line.IndexOf(',', i);
                if (end < 0)
                {
                    end = line.Length;
                }

                var text = line.AsSpan(i, end - i);
                if (text.Contains('"'))
                {
                    return "a quote inside an unquoted field";
                }

                field.Append(text);
                i = end;
            }

            fields.Add(field.ToString());
            if (i >= line.Length)
            {
                return null;
            }

            // Skip the comma; a trailing comma means one more, empty field.
            i++;
            if (i == line.Length)
            {
                fields.Add("");
                return null;
            }
        }
    }
}
