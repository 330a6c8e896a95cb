namespace Recommender.Cli.MovieLens;

/// <summary>A line of an input file that cannot be imported; the message reads <c>file:line: what is wrong</c>.</summary>
public sealed class MalformedInputException : Exception
{
    public MalformedInputException(string file, long line, string problem)
        : base(FormattableString.Invariant($"{file}:{line}: {problem}"))
    {
        File = file;
        Line = line;
        Problem = problem;
    }

    public MalformedInputException()
        : this("", 0, "malformed input")
    {
    }

    public MalformedInputException(string message)
        : this("", 0, message)
    {
    }

    public MalformedInputException(string message, Exception innerException)
        : base(message, innerException)
    {
        File = "";
        Problem = message;
    }

    public string File { get; }

    public long Line { get; }

    public string Problem { get; }
}
