using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Recommender.Core.Training;

/// <summary>
/// Hand-written single-pass row updates that TensorPrimitives can only express as several passes.
/// Each has a scalar twin in the tests.
/// </summary>
internal static class FusedKernels
{
    /// <summary>w ← a·w + b·g, element-wise, in one pass (the SGD step with L2 folded into <paramref name="a"/>).</summary>
    /// <remarks>NaN in either input propagates. <paramref name="w"/> and <paramref name="g"/> must not overlap.</remarks>
    public static void ScaleAdd(Span<float> w, float a, ReadOnlySpan<float> g, float b)
    {
        if (g.Length != w.Length)
        {
            ThrowLengthMismatch();
        }

        ref var wr = ref MemoryMarshal.GetReference(w);
        ref var gr = ref MemoryMarshal.GetReference(g);
        var n = w.Length;
        var i = 0;

        // Main vector loop.
        if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
        {
            var va = Vector256.Create(a);
            var vb = Vector256.Create(b);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var vw = Vector256.LoadUnsafe(ref wr, (nuint)i);
                var vg = Vector256.LoadUnsafe(ref gr, (nuint)i);
                Vector256.FusedMultiplyAdd(vw, va, vg * vb).StoreUnsafe(ref wr, (nuint)i);
            }
        }

        // Scalar tail (and scalar fallback when there is no vector hardware).
        for (; i < n; i++)
        {
            Unsafe.Add(ref wr, i) = MathF.FusedMultiplyAdd(Unsafe.Add(ref wr, i), a, Unsafe.Add(ref gr, i) * b);
        }
    }

    /// <summary>
    /// The lazy-Adam row update in one pass: m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g², w ← w − step·m / (√v + ε).
    /// </summary>
    /// <remarks>All four spans have the same length and must not overlap. NaN propagates.</remarks>
    public static void AdamRow(Span<float> w, Span<float> m, Span<float> v, ReadOnlySpan<float> g, float beta1, float beta2, float step, float epsilon)
    {
        if (g.Length != w.Length || m.Length != w.Length || v.Length != w.Length)
        {
            ThrowLengthMismatch();
        }

        ref var wr = ref MemoryMarshal.GetReference(w);
        ref var mr = ref MemoryMarshal.GetReference(m);
        ref var vr = ref MemoryMarshal.GetReference(v);
        ref var gr = ref MemoryMarshal.GetReference(g);
        var n = w.Length;
        var i = 0;
        var c1 = 1f - beta1;
        var c2 = 1f - beta2;

        // Main vector loop.
        if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
        {
            var vb1 = Vector256.Create(beta1);
            var vb2 = Vector256.Create(beta2);
            var vc1 = Vector256.Create(c1);
            var vc2 = Vector256.Create(c2);
            var vstep = Vector256.Create(step);
            var veps = Vector256.Create(epsilon);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var vg = Vector256.LoadUnsafe(ref gr, (nuint)i);
                var vm = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref mr, (nuint)i), vb1, vg * vc1);
                var vv = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref vr, (nuint)i), vb2, vg * vg * vc2);
                vm.StoreUnsafe(ref mr, (nuint)i);
                vv.StoreUnsafe(ref vr, (nuint)i);
                var vw = Vector256.LoadUnsafe(ref wr, (nuint)i);
                (vw - (vstep * vm / (Vector256.Sqrt(vv) + veps))).StoreUnsafe(ref wr, (nuint)i);
            }
        }

        // Scalar tail (and scalar fallback when there is no vector hardware).
        for (; i < n; i++)
        {
            var gi = Unsafe.Add(ref gr, i);
            var mi = MathF.FusedMultiplyAdd(Unsafe.Add(ref mr, i), beta1, gi * c1);
            var vi = MathF.FusedMultiplyAdd(Unsafe.Add(ref vr, i), beta2, gi * gi * c2);
            Unsafe.Add(ref mr, i) = mi;
            Unsafe.Add(ref vr, i) = vi;
            Unsafe.Add(ref wr, i) -= step * mi / (MathF.Sqrt(vi) + epsilon);
        }
    }

    /// <summary>
    /// The two gradient accumulations of one rating in one pass: gu ← gu + e·q and gm ← gm + e·p.
    /// </summary>
    /// <remarks>All four spans have the same length; the outputs must not overlap the inputs. NaN propagates.</remarks>
    public static void CrossAxpy(Span<float> gu, Span<float> gm, ReadOnlySpan<float> p, ReadOnlySpan<float> q, float e)
    {
        if (gm.Length != gu.Length || p.Length != gu.Length || q.Length != gu.Length)
        {
            ThrowLengthMismatch();
        }

        ref var gur = ref MemoryMarshal.GetReference(gu);
        ref var gmr = ref MemoryMarshal.GetReference(gm);
        ref var pr = ref MemoryMarshal.GetReference(p);
        ref var qr = ref MemoryMarshal.GetReference(q);
        var n = gu.Length;
        var i = 0;

        // Main vector loop.
        if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
        {
            var ve = Vector256.Create(e);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref qr, (nuint)i), ve, Vector256.LoadUnsafe(ref gur, (nuint)i)).StoreUnsafe(ref gur, (nuint)i);
                Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref pr, (nuint)i), ve, Vector256.LoadUnsafe(ref gmr, (nuint)i)).StoreUnsafe(ref gmr, (nuint)i);
            }
        }

        // Scalar tail (and scalar fallback when there is no vector hardware).
        for (; i < n; i++)
        {
            Unsafe.Add(ref gur, i) = MathF.FusedMultiplyAdd(Unsafe.Add(ref qr, i), e, Unsafe.Add(ref gur, i));
            Unsafe.Add(ref gmr, i) = MathF.FusedMultiplyAdd(Unsafe.Add(ref pr, i), e, Unsafe.Add(ref gmr, i));
        }
    }

    /// <summary>The dot product p·q of two rows of length <paramref name="n"/>, without bounds checks.</summary>
    /// <remarks>
    /// The caller guarantees both refs cover <paramref name="n"/> floats. Widest accelerated width first
    /// (Vector512, then Vector256), then a scalar tail; the summation order is fixed, so the result is deterministic.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float DotUnsafe(ref float p, ref float q, int n)
    {
        var i = 0;
        var sum = 0f;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count)
        {
            var acc = Vector512<float>.Zero;
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                acc = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref p, (nuint)i), Vector512.LoadUnsafe(ref q, (nuint)i), acc);
            }

            sum = Vector512.Sum(acc);
        }
        else if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
        {
            var acc = Vector256<float>.Zero;
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                acc = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref p, (nuint)i), Vector256.LoadUnsafe(ref q, (nuint)i), acc);
            }

            sum = Vector256.Sum(acc);
        }

        // Scalar tail (and scalar fallback when there is no vector hardware).
        for (; i < n; i++)
        {
            sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref p, i), Unsafe.Add(ref q, i), sum);
        }

        return sum;
    }

    /// <summary>
    /// The per-rating SGD step on both factor rows in one pass: p ← p + η(e·q − λp) and q ← q + η(e·p − λq),
    /// where q's update uses the old p (both read before either is written).
    /// </summary>
    /// <remarks>
    /// <paramref name="e"/> is r − r̂. The caller guarantees both refs cover <paramref name="n"/> floats and that the
    /// rows do not overlap. NaN propagates.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void SgdPairUnsafe(ref float p, ref float q, int n, float e, float eta, float lambda)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<float>.Count)
        {
            var ve = Vector512.Create(e);
            var veta = Vector512.Create(eta);
            var vlambda = Vector512.Create(lambda);
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var vp = Vector512.LoadUnsafe(ref p, (nuint)i);
                var vq = Vector512.LoadUnsafe(ref q, (nuint)i);
                Vector512.FusedMultiplyAdd(veta, Vector512.FusedMultiplyAdd(ve, vq, -(vlambda * vp)), vp).StoreUnsafe(ref p, (nuint)i);
                Vector512.FusedMultiplyAdd(veta, Vector512.FusedMultiplyAdd(ve, vp, -(vlambda * vq)), vq).StoreUnsafe(ref q, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated && n >= Vector256<float>.Count)
        {
            var ve = Vector256.Create(e);
            var veta = Vector256.Create(eta);
            var vlambda = Vector256.Create(lambda);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var vp = Vector256.LoadUnsafe(ref p, (nuint)i);
                var vq = Vector256.LoadUnsafe(ref q, (nuint)i);
                Vector256.FusedMultiplyAdd(veta, Vector256.FusedMultiplyAdd(ve, vq, -(vlambda * vp)), vp).StoreUnsafe(ref p, (nuint)i);
                Vector256.FusedMultiplyAdd(veta, Vector256.FusedMultiplyAdd(ve, vp, -(vlambda * vq)), vq).StoreUnsafe(ref q, (nuint)i);
            }
        }

        // Scalar tail (and scalar fallback when there is no vector hardware).
        for (; i < n; i++)
        {
            var pi = Unsafe.Add(ref p, i);
            var qi = Unsafe.Add(ref q, i);
            Unsafe.Add(ref p, i) = MathF.FusedMultiplyAdd(eta, MathF.FusedMultiplyAdd(e, qi, -(lambda * pi)), pi);
            Unsafe.Add(ref q, i) = MathF.FusedMultiplyAdd(eta, MathF.FusedMultiplyAdd(e, pi, -(lambda * qi)), qi);
        }
    }

    /// <summary>Checked wrapper of <see cref="SgdPairUnsafe"/> for spans (tests and non-hot callers).</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static void SgdPair(Span<float> p, Span<float> q, float e, float eta, float lambda)
    {
        if (q.Length != p.Length)
        {
            ThrowLengthMismatch();
        }

        SgdPairUnsafe(ref MemoryMarshal.GetReference(p), ref MemoryMarshal.GetReference(q), p.Length, e, eta, lambda);
    }

    /// <summary>Checked wrapper of <see cref="DotUnsafe"/> for spans.</summary>
    /// <exception cref="ArgumentException">The spans differ in length.</exception>
    public static float Dot(ReadOnlySpan<float> p, ReadOnlySpan<float> q)
    {
        if (q.Length != p.Length)
        {
            ThrowLengthMismatch();
        }

        return DotUnsafe(ref MemoryMarshal.GetReference(p), ref MemoryMarshal.GetReference(q), p.Length);
    }

    private static void ThrowLengthMismatch() => throw new ArgumentException("spans must have the same length");
}
