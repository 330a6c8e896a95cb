namespace Recommender.Cli;

/// <summary>What the process returns, so scripts can tell a typo from a dead server.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The server answered with an error, or something else went wrong.</summary>
    public const int Error = 1;

    /// <summary>Bad usage or bad input (arguments, files, an ambiguous title).</summary>
    public const int Usage = 2;

    /// <summary>No server at the address.</summary>
    public const int Unreachable = 3;

    /// <summary>The server refused the API key (missing or wrong), or its role may not make this call.</summary>
    public const int AuthFailed = 4;

    /// <summary>Ctrl+C, as shells report SIGINT.</summary>
    public const int Cancelled = 130;
}
