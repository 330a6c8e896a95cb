using System.Globalization;
using System.Runtime.InteropServices;

namespace Recommender.Benchmarks.Report;

/// <summary>What the figures were measured on: they mean little without it.</summary>
internal sealed record MachineInfo(string Cpu, int Cores, string Os, string Runtime, DateTime StartedUtc)
{
    public static MachineInfo Capture() => new(CpuModel(), Environment.ProcessorCount, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, DateTime.UtcNow);

    /// <summary>The 1-minute load average from /proc/loadavg, or null off Linux.</summary>
    public static double? LoadAverage()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }
}
