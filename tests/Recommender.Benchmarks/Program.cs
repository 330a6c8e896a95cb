using BenchmarkDotNet.Running;

namespace Recommender.Benchmarks;

/// <summary>
/// BenchmarkDotNet kernels: <c>dotnet run -c Release --project tests/Recommender.Benchmarks -- --filter '*'</c>.
/// Named reports: <c>-- &lt;report&gt; [args]</c>; see <see cref="Reports"/>.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && Reports.TryGet(args[0], out var report))
        {
            return await report(args[1..]);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
