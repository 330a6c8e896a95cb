using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recommender.Core.Scoring;

/// <summary>
/// Integer dot products behind <see cref="QuantizedRows"/>: int8 row codes against an int16 query, summed exactly in
/// int32. Code rows are zero-padded to a multiple of <see cref="CodeAlignment"/>, so there is no tail.
/// </summary>
/// <remarks>
/// There is no portable widening multiply-add in <c>Vector256/512</c>, so this uses <c>vpmaddwd</c> through
/// <see cref="Avx512BW"/> or <see cref="Avx2"/>; <see cref="IsSupported"/> is false elsewhere and the index then
/// scans floats only. The scalar twin is the reference in the tests.
/// </remarks>
internal static class QuantizedKernels
{
    /// <summary>Code row granularity in bytes: one Vector256 of sbyte, widened to one Vector512 of short.</summary>
    public const int CodeAlignment = 32;

    /// <summary>Whether this machine has a vector widening multiply-add.</summary>
    public static bool IsSupported => Avx512BW.IsSupported || Avx2.IsSupported;

    /// <summary>Σ row[j]·query[j] over <paramref name="length"/> (a multiple of 32) entries, exact in int32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Dot(ref sbyte row, ref short query, int length)
    {
        if (Avx512BW.IsSupported)
        {
            // Main vector loop: 32 codes widen to 32 shorts; vpmaddwd sums adjacent products into 16 ints.
            var acc = Vector512<int>.Zero;
            for (var j = 0; j < length; j += 32)
            {
                var codes = Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref row, (nuint)j));
                acc += Avx512BW.MultiplyAddAdjacent(codes, Vector512.LoadUnsafe(ref query, (nuint)j));
            }

            return Vector512.Sum(acc);
        }

        if (Avx2.IsSupported)
        {
            // Main vector loop: two 16-code halves per 32-byte step.
            var acc0 = Vector256<int>.Zero;
            var acc1 = Vector256<int>.Zero;
            for (var j = 0; j < length; j += 32)
            {
                var lo = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref row, (nuint)j));
                var hi = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref row, (nuint)(j + 16)));
                acc0 += Avx2.MultiplyAddAdjacent(lo, Vector256.LoadUnsafe(ref query, (nuint)j));
                acc1 += Avx2.MultiplyAddAdjacent(hi, Vector256.LoadUnsafe(ref query, (nuint)(j + 16)));
            }

            return Vector256.Sum(acc0 + acc1);
        }

        return DotScalar(ref row, ref query, length);
    }

    /// <summary>The scalar reference of <see cref="Dot(ref sbyte, ref short, int)"/>.</summary>
    public static int DotScalar(ref sbyte row, ref short query, int length)
    {
        var sum = 0;
        for (var j = 0; j < length; j++)
        {
            sum += Unsafe.Add(ref row, j) * Unsafe.Add(ref query, j);
        }

        return sum;
    }

    /// <summary>Span convenience over <see cref="Dot(ref sbyte, ref short, int)"/> for tests.</summary>
    public static int Dot(ReadOnlySpan<sbyte> row, ReadOnlySpan<short> query) =>
        Dot(ref MemoryMarshal.GetReference(row), ref MemoryMarshal.GetReference(query), row.Length);
}
