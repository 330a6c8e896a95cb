using Recommender.Core.Training;

namespace Recommender.Core.Tests.Training;

public sealed class FusedKernelsTests
{
    public static TheoryData<int> Lengths()
    {
        var data = new TheoryData<int>();
        for (var n = 1; n <= 257; n++)
        {
            data.Add(n);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void ScaleAdd_AllLengths_MatchesScalarLoop(int length)
    {
        // Arrange
        var rng = new Random(length);
        var w = RandomArray(rng, length);
        var g = RandomArray(rng, length);
        var expected = new double[length];
        for (var i = 0; i < length; i++)
        {
            expected[i] = (0.93 * w[i]) + (-0.07 * g[i]);
        }

        // Act
        FusedKernels.ScaleAdd(w, 0.93f, g, -0.07f);

        // Assert
        for (var i = 0; i < length; i++)
        {
            Assert.Equal(expected[i], w[i], Tolerance(expected[i]));
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void AdamRow_AllLengths_MatchesScalarLoop(int length)
    {
        // Arrange
        var rng = new Random(length);
        var w = RandomArray(rng, length);
        var m = RandomArray(rng, length);
        var v = RandomArray(rng, length).Select(Math.Abs).ToArray();
        var g = RandomArray(rng, length);
        var (ew, em, ev) = (new double[length], new double[length], new double[length]);
        for (var i = 0; i < length; i++)
        {
            em[i] = (0.9 * m[i]) + (0.1 * g[i]);
            ev[i] = (0.999 * v[i]) + (0.001 * g[i] * g[i]);
            ew[i] = w[i] - (0.01 * em[i] / (Math.Sqrt(ev[i]) + 1e-8));
        }

        // Act
        FusedKernels.AdamRow(w, m, v, g, 0.9f, 0.999f, 0.01f, 1e-8f);

        // Assert
        for (var i = 0; i < length; i++)
        {
            Assert.Equal(em[i], m[i], Tolerance(em[i]));
            Assert.Equal(ev[i], v[i], Tolerance(ev[i]));
            Assert.Equal(ew[i], w[i], Tolerance(ew[i]));
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void CrossAxpy_AllLengths_MatchesScalarLoop(int length)
    {
        // Arrange
        var rng = new Random(length + 1000);
        var gu = RandomArray(rng, length);
        var gm = RandomArray(rng, length);
        var p = RandomArray(rng, length);
        var q = RandomArray(rng, length);
        var expectedU = gu.Select((g, i) => g + (-0.37 * q[i])).ToArray();
        var expectedM = gm.Select((g, i) => g + (-0.37 * p[i])).ToArray();

        // Act
        FusedKernels.CrossAxpy(gu, gm, p, q, -0.37f);

        // Assert
        for (var i = 0; i < length; i++)
        {
            Assert.Equal(expectedU[i], gu[i], Tolerance(expectedU[i]));
            Assert.Equal(expectedM[i], gm[i], Tolerance(expectedM[i]));
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void SgdPair_AllLengths_MatchesScalarLoopWithOldP(int length)
    {
        // Arrange
        var rng = new Random(length + 2000);
        var p = RandomArray(rng, length);
        var q = RandomArray(rng, length);
        const double e = 0.83, eta = 0.05, lambda = 0.04;
        var expectedP = p.Select((pi, i) => pi + (eta * ((e * q[i]) - (lambda * pi)))).ToArray();
        var expectedQ = q.Select((qi, i) => qi + (eta * ((e * p[i]) - (lambda * qi)))).ToArray();

        // Act
        FusedKernels.SgdPair(p, q, (float)e, (float)eta, (float)lambda);

        // Assert
        for (var i = 0; i < length; i++)
        {
            Assert.Equal(expectedP[i], p[i], Tolerance(expectedP[i]));
            Assert.Equal(expectedQ[i], q[i], Tolerance(expectedQ[i]));
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Dot_AllLengths_MatchesScalarLoop(int length)
    {
        // Arrange
        var rng = new Random(length + 3000);
        var p = RandomArray(rng, length);
        var q = RandomArray(rng, length);
        var expected = p.Select((pi, i) => (double)pi * q[i]).Sum();

        // Act
        var actual = FusedKernels.Dot(p, q);

        // Assert
        Assert.Equal(expected, actual, 1e-5 * Math.Max(1.0, p.Select((pi, i) => Math.Abs((double)pi * q[i])).Sum()));
    }

    [Fact]
    public void SgdPair_LengthMismatch_Throws() =>
        Assert.Throws<ArgumentException>(() => FusedKernels.SgdPair(new float[3], new float[4], 1f, 0.1f, 0.1f));

    [Fact]
    public void ScaleAdd_LengthMismatch_Throws() =>
        Assert.Throws<ArgumentException>(() => FusedKernels.ScaleAdd(new float[3], 1f, new float[4], 1f));

    private static float[] RandomArray(Random rng, int length)
    {
        var values = new float[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = (float)((rng.NextDouble() * 2) - 1);
        }

        return values;
    }

    // Scaled tolerance: a few float ulps relative to the magnitude, as runtime's Helpers.cs does.
    private static double Tolerance(double expected) => 1e-5 * Math.Max(1.0, Math.Abs(expected));
}
