using System.Numerics;

namespace Recommender.Core.Scoring;

/// <summary>
/// A set of row indices stored as a bitmask (one bit per row, 64 rows per word), used to
/// exclude or restrict candidates during a <see cref="CosineIndex"/> scan.
/// </summary>
/// <remarks>
/// The scan reads the mask one 64-row word at a time, so a block whose rows are all masked out is
/// skipped without scoring it. A filter may be smaller or larger than the index it is used with:
/// rows at or past <see cref="Capacity"/> are treated as not set. Not thread-safe for writers;
/// concurrent searches may share a filter that is no longer being changed.
/// </remarks>
public sealed class RowFilter
{
    private readonly ulong[] _words;

    /// <summary>Creates an empty filter for rows 0..<paramref name="capacity"/>-1.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    public RowFilter(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
        _words = new ulong[(capacity + 63) >> 6];
    }

    /// <summary>The number of rows the filter can hold (valid indices are 0..Capacity-1).</summary>
    public int Capacity { get; }

    /// <summary>The number of rows in the set.</summary>
    /// <remarks>O(Capacity / 64).</remarks>
    public int Count
    {
        get
        {
            var count = 0;
            foreach (var word in _words)
            {
                count += BitOperations.PopCount(word);
            }

            return count;
        }
    }

    /// <summary>The raw 64-row words; bit <c>r &amp; 63</c> of word <c>r &gt;&gt; 6</c> is row r.</summary>
    internal ReadOnlySpan<ulong> Words => _words;

    /// <summary>Creates a filter holding exactly <paramref name="rows"/> (duplicates are harmless).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A row is negative or not below <paramref name="capacity"/>.</exception>
    public static RowFilter FromRows(int capacity, ReadOnlySpan<int> rows)
    {
        var filter = new RowFilter(capacity);
        foreach (var row in rows)
        {
            filter.Set(row);
        }

        return filter;
    }

    /// <summary>Returns a new filter holding the rows of both filters; its capacity is the larger one.</summary>
    public static RowFilter Union(RowFilter left, RowFilter right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var result = new RowFilter(Math.Max(left.Capacity, right.Capacity));
        result.UnionWith(left);
        result.UnionWith(right);
        return result;
    }

    /// <summary>Adds <paramref name="row"/> to the set.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is negative or not below <see cref="Capacity"/>.</exception>
    public void Set(int row)
    {
        ThrowIfOutOfRange(row);
        _words[row >> 6] |= 1UL << row;
    }

    /// <summary>Removes <paramref name="row"/> from the set.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is negative or not below <see cref="Capacity"/>.</exception>
    public void Clear(int row)
    {
        ThrowIfOutOfRange(row);
        _words[row >> 6] &= ~(1UL << row);
    }

    /// <summary>Whether <paramref name="row"/> is in the set; false for any row outside 0..Capacity-1.</summary>
    public bool IsSet(int row) =>
        (uint)row < (uint)Capacity && (_words[row >> 6] & (1UL << row)) != 0;

    /// <summary>Adds every row of <paramref name="other"/> that fits in this filter's capacity.</summary>
    /// <remarks>Rows of <paramref name="other"/> at or past <see cref="Capacity"/> are dropped. O(Capacity / 64).</remarks>
    public void UnionWith(RowFilter other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var words = Math.Min(_words.Length, other._words.Length);
        for (var i = 0; i < words; i++)
        {
            _words[i] |= other._words[i];
        }

        // Bits past Capacity in the last shared word must stay clear so Count stays exact.
        if (words == _words.Length && (Capacity & 63) != 0)
        {
            _words[^1] &= (1UL << Capacity) - 1;
        }
    }

    /// <summary>The 64-row word <paramref name="block"/>, or 0 past the end of the filter.</summary>
    internal ulong Word(int block) => (uint)block < (uint)_words.Length ? _words[block] : 0;

    private void ThrowIfOutOfRange(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Capacity);
    }
}
