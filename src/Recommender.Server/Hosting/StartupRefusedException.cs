namespace Recommender.Server.Hosting;

/// <summary>
/// The configuration is unsafe or invalid and the server will not start. Its message says what to change;
/// <c>Program</c> prints it and exits with <see cref="ExitCode"/> instead of crashing with a stack trace.
/// </summary>
public sealed class StartupRefusedException(string message) : Exception(message)
{
    /// <summary>The process exit code for a refused start (a configuration error, as sysexits' EX_CONFIG).</summary>
    public const int ExitCode = 78;
}
