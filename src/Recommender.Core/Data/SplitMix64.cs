namespace Recommender.Core.Data;

/// <summary>
/// SplitMix64, a tiny seeded generator whose output is fixed by its definition, so seeded shuffles and
/// initialisations do not change with the .NET version (System.Random's seeded sequence is not a contract).
/// </summary>
internal struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    /// <summary>0 … n−1 in a seeded random order (Fisher–Yates from the last position down).</summary>
    public static int[] Permutation(int n, ulong seed)
    {
        var perm = new int[n];
        for (var i = 0; i < n; i++)
        {
            perm[i] = i;
        }

        var rng = new SplitMix64(seed);
        for (var i = n - 1; i > 0; i--)
        {
            var j = rng.NextInt(i + 1);
            (perm[i], perm[j]) = (perm[j], perm[i]);
        }

        return perm;
    }

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, bound) by Lemire's multiply-shift; the tiny bias is irrelevant for shuffling.</summary>
    public int NextInt(int bound) => (int)((NextUInt64() >> 32) * (ulong)(uint)bound >> 32);

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal by Box–Muller (one value per call; the twin is discarded for simplicity).</summary>
    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
