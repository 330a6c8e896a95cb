using System.Globalization;

namespace Recommender.Benchmarks.EndToEnd;

/// <summary>Latency samples in milliseconds, safe to add to from many clients.</summary>
internal sealed class Latencies
{
    private readonly List<double> _samples = [];

    public int Count
    {
        get
        {
            lock (_samples)
            {
                return _samples.Count;
            }
        }
    }

    public void Add(double milliseconds)
    {
        lock (_samples)
        {
            _samples.Add(milliseconds);
        }
    }

    /// <summary>The nearest-rank percentile; NaN without samples.</summary>
    public double Percentile(double percentile)
    {
        lock (_samples)
        {
            if (_samples.Count == 0)
            {
                return double.NaN;
            }

            var sorted = _samples.Order().ToList();
            return sorted[Math.Min(sorted.Count - 1, (int)(percentile / 100 * sorted.Count))];
        }
    }

    public static int IntOption(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }

    public static string StringOption(string[] args, string name, string fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }
}
