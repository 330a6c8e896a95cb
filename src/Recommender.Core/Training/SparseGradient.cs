namespace Recommender.Core.Training;

/// <summary>
/// The gradient of a mini-batch with respect to one embedding table in coordinate (COO) form, as
/// <c>nn.Embedding(sparse=True)</c> produces it in PyTorch: the distinct rows the batch touched and one
/// gradient row each, already coalesced (contributions to the same row are summed).
/// </summary>
/// <remarks>
/// Each row also records how many batch items touched it (<see cref="Counts"/>), which optimizers use to apply
/// per-rating L2 regularisation to touched rows only. Rows appear in first-touch order, so a fixed batch order
/// gives a fixed result. Buffers are reused across <see cref="Clear"/>: in steady state adding rows allocates
/// nothing, and <see cref="Clear"/> costs O(touched rows), never O(table rows). Not thread-safe: use one per worker.
/// </remarks>
public sealed class SparseGradient
{
    private int[] _slotByRow;
    private int[] _rows;
    private int[] _counts;
    private float[] _values;

    /// <summary>Creates an empty gradient for a table of width <paramref name="dim"/>.</summary>
    /// <param name="dim">Row width, at least 1.</param>
    /// <param name="capacity">Initial number of distinct rows before the buffers grow.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dim"/> is below 1 or <paramref name="capacity"/> is negative.</exception>
    public SparseGradient(int dim, int capacity = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dim, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Dim = dim;
        capacity = Math.Max(capacity, 4);
        _rows = new int[capacity];
        _counts = new int[capacity];
        _values = new float[capacity * dim];
        _slotByRow = [];
    }

    /// <summary>The row width.</summary>
    public int Dim { get; }

    /// <summary>The number of distinct rows touched.</summary>
    public int Count { get; private set; }

    /// <summary>The distinct row ids, in first-touch order.</summary>
    public ReadOnlySpan<int> Rows => _rows.AsSpan(0, Count);

    /// <summary>How many batch items touched each row (aligned with <see cref="Rows"/>).</summary>
    public ReadOnlySpan<int> Counts => _counts.AsSpan(0, Count);

    /// <summary>The coalesced gradient rows, <see cref="Count"/> × <see cref="Dim"/>, row-major, aligned with <see cref="Rows"/>.</summary>
    public Span<float> Values => _values.AsSpan(0, Count * Dim);

    /// <summary>The gradient row at <paramref name="slot"/> (an index into <see cref="Rows"/>).</summary>
    public Span<float> SlotValues(int slot) => _values.AsSpan(slot * Dim, Dim);

    /// <summary>
    /// Returns the slot of <paramref name="row"/>, adding it with a zero gradient row when the batch has not
    /// touched it yet, and counts one more touch.
    /// </summary>
    /// <remarks>Amortised O(1); the row→slot map grows to the largest row id seen, by doubling.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is negative.</exception>
    public int Touch(int row)
    {
        if ((uint)row >= (uint)_slotByRow.Length)
        {
            GrowMap(row);
        }

        var slot = _slotByRow[row] - 1;
        if (slot < 0)
        {
            slot = AddSlot(row);
        }

        _counts[slot]++;
        return slot;
    }

    /// <summary>Adds <paramref name="gradient"/> to the row's gradient (coalescing duplicates) and counts one touch.</summary>
    /// <exception cref="ArgumentException">The gradient's length is not <see cref="Dim"/>.</exception>
    public void Add(int row, ReadOnlySpan<float> gradient)
    {
        if (gradient.Length != Dim)
        {
            throw new ArgumentException($"length must be {Dim}", nameof(gradient));
        }

        var slot = Touch(row);
        System.Numerics.Tensors.TensorPrimitives.Add(SlotValues(slot), gradient, SlotValues(slot));
    }

    /// <summary>Adds a scalar gradient to a 1-wide row (bias tables) and counts one touch.</summary>
    public void Add(int row, float gradient)
    {
        var slot = Touch(row);
        _values[slot * Dim] += gradient;
    }

    /// <summary>Forgets all rows, keeping the buffers. O(touched rows).</summary>
    public void Clear()
    {
        // Only the touched entries of the map are reset, so the cost never depends on the table size.
        for (var i = 0; i < Count; i++)
        {
            _slotByRow[_rows[i]] = 0;
        }

        Count = 0;
    }

    private int AddSlot(int row)
    {
        var slot = Count;
        if (slot == _rows.Length)
        {
            var capacity = _rows.Length * 2;
            Array.Resize(ref _rows, capacity);
            Array.Resize(ref _counts, capacity);
            Array.Resize(ref _values, capacity * Dim);
        }

        _rows[slot] = row;
        _counts[slot] = 0;
        _values.AsSpan(slot * Dim, Dim).Clear();
        _slotByRow[row] = slot + 1;
        Count = slot + 1;
        return slot;
    }

    private void GrowMap(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        var length = Math.Max(row + 1, Math.Min(Array.MaxLength, Math.Max(64, _slotByRow.Length * 2)));
        Array.Resize(ref _slotByRow, length);
    }
}
