namespace Recommender.Cli;

/// <summary>
/// The entry point, in a namespace: a top-level <c>Program</c> would clash with the server's in the
/// test project, which sees both (InternalsVisibleTo).
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var environment = CliEnvironment.FromProcess();
        var root = CliApp.CreateRootCommand(environment);
        return await CliApp.InvokeAsync(root, args, environment);
    }
}
