using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Recommender.Core.Scoring;

/// <summary>
/// An int8 copy of a <see cref="CosineIndex"/>'s normalised rows with, per row, a proven bound on how far the integer
/// score can be from the float score. A large index scans these codes (a quarter of the bytes) to find a small
/// candidate set that provably contains the exact top-k, then rescores only the candidates in float32.
/// </summary>
/// <remarks>
/// <para>Row r is stored as codes c = round(x / s_r) with s_r = max|x| / 127, so |x_j − s_r·c_j| ≤ s_r / 2. A query q is
/// quantised the same way to int16 (a = s_q·c_q, |q_j − a_j| ≤ s_q / 2). With x = b + ε and q = a + δ,
/// q·x − a·b = Σ a_j ε_j + Σ δ_j b_j + Σ δ_j ε_j, so
/// |q·x − a·b| ≤ (s_r/2)·‖a‖₁ + (s_q/2)·‖b‖₁ + d·s_q·s_r/4, where a·b = s_r·s_q·(c·c_q) is computed exactly in int32.
/// A margin on top covers float32 rounding of both the integer score and the float kernel's own sum.</para>
/// <para>Why it is exact: with L_r and U_r the lower and upper bounds of each row's float score, let τ be the k-th
/// largest L_r. At least k rows score ≥ τ, so every row of the true top-k scores ≥ τ, hence has U_r ≥ τ and is a
/// candidate. Rescoring the candidates with the float kernel gives exactly the float scan's top-k, ties included.</para>
/// </remarks>
internal sealed class QuantizedRows
{
    private const float RowLevels = 127f;

    // Rows quantised per parallel work item.
    private const int QuantizeChunkRows = 4096;

    // 1 + 2^-10: slack for rounding in computing the codes and the bound itself.
    private const float BoundSlack = 1f + (1f / 1024f);

    private readonly sbyte[] _codes;
    private readonly int _offset;
    private readonly float[] _scales;
    private readonly float[] _halfL1;
    private readonly int _dim;

    /// <summary>
    /// Quantises <paramref name="count"/> normalised rows stored from <paramref name="rows"/>[<paramref name="start"/>],
    /// <paramref name="stride"/> floats apart, of which the first <paramref name="dim"/> are used.
    /// </summary>
    public QuantizedRows(float[] rows, int start, int count, int stride, int dim)
    {
        _dim = dim;
        CodeStride = (dim + QuantizedKernels.CodeAlignment - 1) / QuantizedKernels.CodeAlignment * QuantizedKernels.CodeAlignment;

        // The int32 sum must not overflow: CodeStride · 127 · QueryLevels < 2^31.
        QueryLevels = (int)Math.Min(short.MaxValue, int.MaxValue / ((long)CodeStride * (long)RowLevels));
        Margin = (dim + 16) * MathF.Pow(2, -23);

        // Pinned and 64-byte aligned like the float rows, so a code row never straddles more cache lines than it must.
        _codes = GC.AllocateArray<sbyte>((count * CodeStride) + 64, pinned: true);
        unsafe
        {
            var address = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_codes));
            _offset = (int)((64 - (address & 63)) & 63);
        }

        _scales = new float[count];
        _halfL1 = new float[count];
        var codes = _codes;
        var offset = _offset;
        var codeStride = CodeStride;
        Parallel.For(0, (count + QuantizeChunkRows - 1) / QuantizeChunkRows, chunk => QuantizeChunk(chunk));

        // Row r's codes are round(x / s_r), computed as x · (1 / s_r): that can land one rounding step away from the
        // division at a .5 boundary, an extra error far inside BoundSlack.
        void QuantizeChunk(int chunk)
        {
            Span<float> scaled = stackalloc float[dim];
            var end = Math.Min(count, (chunk + 1) * QuantizeChunkRows);
            for (var r = chunk * QuantizeChunkRows; r < end; r++)
            {
                var row = rows.AsSpan(start + (r * stride), dim);
                var max = MathF.Abs(TensorPrimitives.MaxMagnitude(row));
                if (max == 0)
                {
                    continue;
                }

                var scale = max / RowLevels;
                TensorPrimitives.Multiply(row, 1 / scale, scaled);
                TensorPrimitives.Round(scaled, scaled);
                TensorPrimitives.Clamp(scaled, -RowLevels, RowLevels, scaled);
                TensorPrimitives.ConvertTruncating<float, sbyte>(scaled, codes.AsSpan(offset + (r * codeStride), dim));
                _scales[r] = scale;
                _halfL1[r] = TensorPrimitives.SumOfMagnitudes(scaled) * scale / 2;
            }
        }
    }

    /// <summary>Code row length in bytes (a multiple of <see cref="QuantizedKernels.CodeAlignment"/>).</summary>
    public int CodeStride { get; }

    /// <summary>Largest |code| of a quantised query.</summary>
    public int QueryLevels { get; }

    /// <summary>Added to every bound: float32 rounding of the integer score and of the float kernel's sum.</summary>
    public float Margin { get; }

    /// <summary>Bytes held (codes and per-row constants), for diagnostics.</summary>
    public long Bytes => _codes.LongLength + (8L * _scales.Length);

    /// <summary>
    /// Quantises a normalised query into <paramref name="codes"/> (at least <see cref="CodeStride"/> entries; the
    /// padding is zeroed). Returns false for a zero query, which the caller answers with the float scan.
    /// </summary>
    public bool QuantizeQuery(ReadOnlySpan<float> query, Span<short> codes, out QueryCode code)
    {
        codes[..CodeStride].Clear();
        var max = 0f;
        foreach (var v in query[.._dim])
        {
            max = MathF.Max(max, MathF.Abs(v));
        }

        if (max == 0)
        {
            code = default;
            return false;
        }

        var scale = max / QueryLevels;
        var l1 = 0.0;
        for (var j = 0; j < _dim; j++)
        {
            var c = (int)MathF.Round(query[j] / scale);
            codes[j] = (short)Math.Clamp(c, -QueryLevels, QueryLevels);
            l1 += Math.Abs(codes[j] * (double)scale);
        }

        code = new QueryCode(scale, (float)(l1 / 2), _dim * scale / 4);
        return true;
    }

    /// <summary>The integer-scan score of <paramref name="row"/> and the half-width of the interval holding its float score.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public (float Estimate, float Bound) Score(int row, ref short query, in QueryCode code)
    {
        var dot = QuantizedKernels.Dot(ref _codes[_offset + (row * CodeStride)], ref query, CodeStride);
        var scale = _scales[row];
        var estimate = dot * (scale * code.Scale);
        var bound = (((scale * code.HalfL1) + (_halfL1[row] * code.Scale) + (scale * code.QuarterDimScale)) * BoundSlack) + Margin;
        return (estimate, bound);
    }

    /// <summary>The codes of <paramref name="row"/> (<see cref="CodeStride"/> bytes), for tests.</summary>
    public ReadOnlySpan<sbyte> Codes(int row) => _codes.AsSpan(_offset + (row * CodeStride), CodeStride);

    /// <summary>A quantised query's constants: s_q, ‖a‖₁ / 2 and d·s_q / 4.</summary>
    public readonly record struct QueryCode(float Scale, float HalfL1, float QuarterDimScale);
}
