namespace Recommender.Core.Scoring;

/// <summary>
/// A bounded min-heap of the best k hits seen so far, over a caller-owned buffer (no allocation).
/// "Worse" means a lower score, or an equal score and a higher row index, so ties keep the lower index.
/// </summary>
internal ref struct TopKHeap
{
    private readonly Span<ScoredRow> _items;
    private int _count;

    /// <summary>Wraps <paramref name="buffer"/> (capacity k = its length) whose first <paramref name="count"/> items already form a heap.</summary>
    public TopKHeap(Span<ScoredRow> buffer, int count = 0)
    {
        _items = buffer;
        _count = count;
    }

    /// <summary>Number of hits held.</summary>
    public readonly int Count => _count;

    /// <summary>
    /// A score a candidate must exceed to possibly enter: -∞ until the heap is full, then the worst score held.
    /// Rows scanned in ascending order that merely tie the worst score are worse (higher index), so a strict
    /// comparison against this value loses nothing.
    /// </summary>
    public readonly float Threshold => _count < _items.Length ? float.NegativeInfinity : _items[0].Score;

    /// <summary>Offers a hit; keeps it if the heap is not full or it beats the worst hit held.</summary>
    public void Push(int row, float score)
    {
        if (_count < _items.Length)
        {
            // Sift up from the new leaf.
            var i = _count++;
            while (i > 0)
            {
                var parent = (i - 1) >> 1;
                if (!IsWorse(row, score, _items[parent]))
                {
                    break;
                }

                _items[i] = _items[parent];
                i = parent;
            }

            _items[i] = new ScoredRow(row, score);
            return;
        }

        if (_items.Length == 0 || !IsWorse(_items[0], row, score))
        {
            return;
        }

        SiftDown(row, score);
    }

    /// <summary>Sorts the held hits by score descending, then row ascending, and returns their count; the heap is then spent.</summary>
    public readonly int SortDescending()
    {
        _items[.._count].Sort(default(BestFirst));
        return _count;
    }

    private readonly void SiftDown(int row, float score)
    {
        var i = 0;
        var n = _count;
        while (true)
        {
            var child = (2 * i) + 1;
            if (child >= n)
            {
                break;
            }

            if (child + 1 < n && IsWorse(_items[child + 1], _items[child]))
            {
                child++;
            }

            if (!IsWorse(_items[child], row, score))
            {
                break;
            }

            _items[i] = _items[child];
            i = child;
        }

        _items[i] = new ScoredRow(row, score);
    }

    private static bool IsWorse(int row, float score, ScoredRow other) =>
        score < other.Score || (score == other.Score && row > other.Row);

    private static bool IsWorse(ScoredRow item, int row, float score) =>
        item.Score < score || (item.Score == score && item.Row > row);

    private static bool IsWorse(ScoredRow a, ScoredRow b) => IsWorse(a.Row, a.Score, b);

    /// <summary>Orders hits best first: score descending, then row ascending.</summary>
    internal readonly struct BestFirst : IComparer<ScoredRow>
    {
        public int Compare(ScoredRow x, ScoredRow y)
        {
            var byScore = y.Score.CompareTo(x.Score);
            return byScore != 0 ? byScore : x.Row.CompareTo(y.Row);
        }
    }
}
