using Recommender.Core.Data;

namespace Recommender.Core.Embeddings;

/// <summary>
/// A table of <see cref="Rows"/> × <see cref="Dim"/> float32 values stored row-major in one contiguous array,
/// the lookup table of an embedding (bias tables are 1 wide).
/// </summary>
/// <remarks>
/// Rows are spans into the backing array, so writes through <see cref="Row(int)"/> change the table.
/// The table grows with <see cref="AppendRows(int, float, ulong)"/>; capacity doubles, so appends are amortised O(added rows)
/// and never move or change existing values (only the backing array may be replaced; spans taken before an
/// append must not be used after it). Not thread-safe for concurrent appends; the trainer's concurrent row
/// writes are deliberate (Hogwild).
/// </remarks>
public sealed class EmbeddingTable
{
    private float[] _values;

    /// <summary>Wraps existing row-major values, for example a snapshot loaded from storage.</summary>
    /// <param name="values">At least <paramref name="rows"/> × <paramref name="dim"/> values; the array is kept, not copied.</param>
    /// <param name="rows">Number of rows.</param>
    /// <param name="dim">Row width, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> is negative, <paramref name="dim"/> is below 1, or the array is too short.</exception>
    public EmbeddingTable(float[] values, int rows, int dim)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(dim, 1);
        if ((long)rows * dim > values.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(values), values.Length, $"need at least rows × dim = {(long)rows * dim} values");
        }

        _values = values;
        Rows = rows;
        Dim = dim;
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; private set; }

    /// <summary>Width of each row.</summary>
    public int Dim { get; }

    /// <summary>Number of rows the backing array holds before the next reallocation.</summary>
    public int Capacity => _values.Length / Dim;

    /// <summary>All values, row-major, exactly <see cref="Rows"/> × <see cref="Dim"/> long (for persistence).</summary>
    public ReadOnlySpan<float> Values => _values.AsSpan(0, Rows * Dim);

    /// <summary>All values as a writable span (row-major).</summary>
    internal Span<float> WritableValues => _values.AsSpan(0, Rows * Dim);

    /// <summary>The backing array (longer than <see cref="Values"/> when capacity exceeds the row count).</summary>
    internal float[] Buffer => _values;

    /// <summary>A table of zeros.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rows"/> is negative or <paramref name="dim"/> is below 1.</exception>
    public static EmbeddingTable Zeros(int rows, int dim)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfLessThan(dim, 1);
        return new EmbeddingTable(new float[(long)rows * dim], rows, dim);
    }

    /// <summary>A table of independent N(0, <paramref name="std"/>²) values from a seeded generator.</summary>
    /// <remarks>The same seed, shape and std give bit-identical tables on every platform.</remarks>
    /// <exception cref="ArgumentOutOfRangeException">A size is out of range or <paramref name="std"/> is negative or not finite.</exception>
    public static EmbeddingTable Random(int rows, int dim, float std, ulong seed)
    {
        var table = Zeros(rows, dim);
        ValidateStd(std);
        var rng = new SplitMix64(seed);
        FillNormal(table._values.AsSpan(0, rows * dim), std, ref rng);
        return table;
    }

    /// <summary>The row <paramref name="i"/> as a writable span of <see cref="Dim"/> values.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="i"/> is not a row index.</exception>
    public Span<float> Row(int i)
    {
        if ((uint)i >= (uint)Rows)
        {
            ThrowRowOutOfRange(i);
        }

        return _values.AsSpan(i * Dim, Dim);
    }

    /// <summary>
    /// Appends <paramref name="count"/> rows, drawn from N(0, <paramref name="std"/>²) with <paramref name="seed"/>
    /// (zeros when <paramref name="std"/> is 0), and returns the index of the first new row.
    /// </summary>
    /// <remarks>Existing rows keep their values bit for bit. Amortised O(count × Dim): capacity at least doubles when exceeded.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative or <paramref name="std"/> is invalid.</exception>
    public int AppendRows(int count, float std = 0f, ulong seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ValidateStd(std);
        var first = Rows;
        var needed = (long)(first + count) * Dim;
        if (needed > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(count), count, "the table would exceed the largest array");
        }

        if (needed > _values.Length)
        {
            var grown = Math.Max(needed, Math.Min((long)Array.MaxLength, Math.Max(4L * Dim, 2L * _values.Length)));
            Array.Resize(ref _values, (int)grown);
        }

        var added = _values.AsSpan(first * Dim, count * Dim);
        if (std == 0f)
        {
            added.Clear();
        }
        else
        {
            var rng = new SplitMix64(seed);
            FillNormal(added, std, ref rng);
        }

        Rows = first + count;
        return first;
    }

    /// <summary>A deep copy with the same rows (capacity trimmed).</summary>
    public EmbeddingTable Clone() => new(Values.ToArray(), Rows, Dim);

    private static void FillNormal(Span<float> destination, float std, ref SplitMix64 rng)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = (float)(rng.NextGaussian() * std);
        }
    }

    private static void ValidateStd(float std)
    {
        if (!(std >= 0f && float.IsFinite(std)))
        {
            throw new ArgumentOutOfRangeException(nameof(std), std, "must be finite and non-negative");
        }
    }

    private void ThrowRowOutOfRange(int i) =>
        throw new ArgumentOutOfRangeException(nameof(i), i, $"row must be in [0, {Rows})");
}
