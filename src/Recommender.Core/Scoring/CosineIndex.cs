using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Recommender.Core.Scoring;

/// <summary>
/// An exact cosine nearest-neighbour index: the rows are L2-normalised once into one contiguous,
/// 64-byte-aligned float32 buffer, and a query is answered by a SIMD scan that feeds a bounded
/// top-k min-heap, so cosine similarity reduces to a dot product.
/// </summary>
/// <remarks>
/// <para>Each row is stored zero-padded to a multiple of 16 floats (one cache line), so every row starts
/// on a 64-byte boundary and the kernels need no tail handling; <see cref="NormalizedRow"/> exposes only
/// the first <see cref="Dimensions"/> floats.</para>
/// <para>A zero-norm row stays all zeros and scores 0 against every query; a zero query scores 0
/// against every row. Scores are float32 and may exceed [-1, 1] by rounding. Ties are broken by the
/// lower row index, so results are deterministic. Non-finite input (NaN, ±∞) is rejected.</para>
/// <para>Complexity: building is O(count·dim); a search is O(count·dim + count·log k) time, with scoring
/// spread over the cores once count·dim reaches a threshold, and O(k) memory. The index is immutable
/// and safe for concurrent searches.</para>
/// </remarks>
public sealed class CosineIndex
{
    /// <summary>
    /// count·dim at or above which a single search is split across threads: 2^19, i.e. 8,192 rows at d = 64.
    /// Measured with the knn report on 2 (shared) cores, single-query p50 one thread vs two: 4,096 rows 53 vs 75 µs,
    /// 8,192 rows 109 vs 99 µs, 16,384 rows 221 vs 191 µs; below the crossover the hand-off to the pool costs more than it saves.
    /// </summary>
    internal const long DefaultParallelWorkThreshold = 1L << 19;

    /// <summary>
    /// count·dim at or above which the index also keeps int8 codes and answers single queries by a code scan plus an
    /// exact float rescoring of the few candidates (<see cref="QuantizedRows"/>): 2^20, i.e. 16,384 rows at d = 64.
    /// A float scan that large streams more from memory than the caches hold, and the codes are a quarter of the bytes.
    /// Measured with the knn report (2 shared cores, d = 64), single-query p50 float vs int8: 10,000 rows 0.104 vs 0.098 ms,
    /// 62,000 rows 0.469 vs 0.382 ms, 1,000,000 rows 16.2 vs 5.6 ms; at 2,000 rows the integer scan is slower (0.032 vs 0.044 ms).
    /// </summary>
    internal const long DefaultQuantizedWorkThreshold = 1L << 20;

    // Blocks holding at most this many candidate rows are scored row by row instead of as a whole block.
    private const int SparseBlockRows = 16;

    // Parallel search splits the rows into up to this many ranges per thread, each of at least MinBlocksPerRange blocks.
    private const int RangesPerThread = 4;
    private const int MinBlocksPerRange = 64;

    private readonly float[] _buffer;
    private readonly int _offset;
    private readonly int _stride;
    private QuantizedRows? _quantized;

    /// <summary>Builds the index from <paramref name="count"/> row-major rows of <paramref name="dim"/> floats.</summary>
    /// <param name="rows">The rows, <c>count * dim</c> floats; row i is <c>rows[(i * dim)..((i + 1) * dim)]</c>.</param>
    /// <param name="count">The number of rows (0 gives an empty index).</param>
    /// <param name="dim">The dimension of each row (at least 1).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative, <paramref name="dim"/> is not positive, or the index would be too large.</exception>
    /// <exception cref="ArgumentException"><paramref name="rows"/> has the wrong length or holds NaN or ±∞.</exception>
    /// <remarks>Norms are computed in double precision, so rows of very large or very small magnitude normalise accurately.</remarks>
    public CosineIndex(ReadOnlySpan<float> rows, int count, int dim)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dim);
        if (rows.Length != (long)count * dim)
        {
            throw new ArgumentException($"expected {count} x {dim} = {(long)count * dim} floats, got {rows.Length}", nameof(rows));
        }

        _stride = (dim + CosineKernels.StrideAlignment - 1) / CosineKernels.StrideAlignment * CosineKernels.StrideAlignment;
        var length = (long)count * _stride;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Array.MaxLength - CosineKernels.StrideAlignment, nameof(count));

        // A pinned array never moves, so an aligned offset computed once stays aligned; it is zeroed, so the padding is 0.
        _buffer = GC.AllocateArray<float>((int)length + CosineKernels.StrideAlignment, pinned: true);
        _offset = AlignedOffset(_buffer);
        Count = count;
        Dimensions = dim;

        var data = Data;
        for (var i = 0; i < count; i++)
        {
            if (!NormalizeInto(rows.Slice(i * dim, dim), data.Slice(i * _stride, dim)))
            {
                throw new ArgumentException($"row {i} contains NaN or infinity", nameof(rows));
            }
        }

        if ((long)count * dim >= DefaultQuantizedWorkThreshold && QuantizedKernels.IsSupported)
        {
            _quantized = new QuantizedRows(_buffer, _offset, count, _stride, dim);
        }
    }

    /// <summary>The number of rows.</summary>
    public int Count { get; }

    /// <summary>The dimension of each row (and of every query).</summary>
    public int Dimensions { get; }

    /// <summary>Padded row length in floats (a multiple of 16).</summary>
    internal int Stride => _stride;

    /// <summary>count·dim at or above which one query's scan is split across threads; tests lower it to force the parallel path.</summary>
    internal long ParallelWorkThreshold { get; set; } = DefaultParallelWorkThreshold;

    /// <summary>
    /// Whether single queries scan int8 codes first (see <see cref="DefaultQuantizedWorkThreshold"/>). Results are the
    /// same either way; tests and benchmarks switch it to compare. Not thread-safe: set it before searching.
    /// </summary>
    internal bool UsesQuantizedScan
    {
        get => _quantized is not null;
        set => _quantized = value && QuantizedKernels.IsSupported ? _quantized ?? new QuantizedRows(_buffer, _offset, Count, _stride, Dimensions) : null;
    }

    /// <summary>Upper bound on threads used by one call.</summary>
    internal int MaxThreads { get; set; } = Environment.ProcessorCount;

    /// <summary>Address of row 0, for alignment checks in tests.</summary>
    internal nuint DataAddress
    {
        get
        {
            unsafe
            {
                return (nuint)Unsafe.AsPointer(ref _buffer[_offset]);
            }
        }
    }

    private Span<float> Data => _buffer.AsSpan(_offset, Count * _stride);

    /// <summary>The stored L2-normalised row <paramref name="row"/> (<see cref="Dimensions"/> floats; all zeros for a zero-norm row).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is not in 0..Count-1.</exception>
    public ReadOnlySpan<float> NormalizedRow(int row)
    {
        ThrowIfBadRow(row);
        return _buffer.AsSpan(_offset + (row * _stride), Dimensions);
    }

    /// <summary>The cosine similarity between row <paramref name="row"/> and <paramref name="query"/>, exactly as <see cref="Search(ReadOnlySpan{float}, int, RowFilter?, RowFilter?)"/> would score it.</summary>
    /// <remarks>0 when the row or the query has zero norm. O(dim).</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is not in 0..Count-1.</exception>
    /// <exception cref="ArgumentException"><paramref name="query"/> has the wrong length or holds NaN or ±∞.</exception>
    public float Similarity(int row, ReadOnlySpan<float> query)
    {
        ThrowIfBadRow(row);
        var rented = RentQuery(query, out var q);
        try
        {
            return CosineKernels.Dot(ref _buffer[_offset + (row * _stride)], ref MemoryMarshal.GetReference(q), _stride);
        }
        finally
        {
            ReturnQuery(rented);
        }
    }

    /// <summary>The <paramref name="k"/> rows most cosine-similar to <paramref name="query"/>, best first.</summary>
    /// <param name="query">The query vector (<see cref="Dimensions"/> floats); it is normalised internally.</param>
    /// <param name="k">How many hits to return at most (0 gives an empty result).</param>
    /// <param name="exclude">Rows never returned, or null.</param>
    /// <param name="include">When not null, only these rows are candidates.</param>
    /// <returns>min(k, candidates) hits ordered by score descending, then row ascending.</returns>
    /// <remarks>
    /// Filters are applied inside the scan: a 64-row block with no candidate is not scored. A zero query
    /// scores every row 0, so it returns the lowest-indexed candidates. Below the parallel threshold it allocates
    /// only the result array; use <see cref="Search(ReadOnlySpan{float}, Span{ScoredRow}, RowFilter?, RowFilter?)"/> to avoid that.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="query"/> has the wrong length or holds NaN or ±∞.</exception>
    public ScoredRow[] Search(ReadOnlySpan<float> query, int k, RowFilter? exclude = null, RowFilter? include = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var result = new ScoredRow[Math.Min(k, Count)];
        var found = Search(query, result, exclude, include);
        if (found < result.Length)
        {
            Array.Resize(ref result, found);
        }

        return result;
    }

    /// <summary>Writes the <c>destination.Length</c> rows most cosine-similar to <paramref name="query"/> into <paramref name="destination"/>, best first.</summary>
    /// <returns>The number of hits written: min(destination.Length, candidates).</returns>
    /// <remarks>
    /// Same semantics as <see cref="Search(ReadOnlySpan{float}, int, RowFilter?, RowFilter?)"/>, with k = <c>destination.Length</c>.
    /// <paramref name="destination"/> doubles as the heap, so below the parallel threshold nothing is allocated.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="query"/> has the wrong length or holds NaN or ±∞.</exception>
    public int Search(ReadOnlySpan<float> query, Span<ScoredRow> destination, RowFilter? exclude = null, RowFilter? include = null)
    {
        var rented = RentQuery(query, out var q);
        try
        {
            var k = Math.Min(destination.Length, Count);
            if (k == 0)
            {
                return 0;
            }

            var blocks = BlockCount;
            var threads = ThreadsFor((long)Count * Dimensions, blocks);
            if (_quantized is { } quantized)
            {
                var found = SearchQuantized(quantized, rented, destination[..k], threads, exclude, include);
                if (found >= 0)
                {
                    return found;
                }
            }

            if (threads <= 1)
            {
                var heap = new TopKHeap(destination[..k]);
                ScanBlocks(q, 0, blocks, exclude, include, ref heap);
                return heap.SortDescending();
            }

            return SearchParallel(rented, destination[..k], threads, exclude, include);
        }
        finally
        {
            ReturnQuery(rented);
        }
    }

    /// <summary>
    /// Answers <paramref name="queryCount"/> queries at once with a blocked matrix product: each 64-row block is
    /// transposed once and scored against tiles of queries while it sits in L1, for offline evaluation.
    /// </summary>
    /// <param name="queries">Row-major queries, <c>queryCount * Dimensions</c> floats.</param>
    /// <param name="queryCount">The number of queries.</param>
    /// <param name="k">Hits per query.</param>
    /// <param name="exclude">Rows excluded for every query, or null.</param>
    /// <param name="include">When not null, the only candidate rows for every query.</param>
    /// <param name="excludeByQuery">Optional per-query exclusions (for example each user's training items), <paramref name="queryCount"/> entries, null entries allowed.</param>
    /// <returns>One result per query, each as <see cref="Search(ReadOnlySpan{float}, int, RowFilter?, RowFilter?)"/> returns it.</returns>
    /// <remarks>
    /// The products are summed in a different order than in <see cref="Search(ReadOnlySpan{float}, int, RowFilter?, RowFilter?)"/>,
    /// so scores can differ in the last bits and near-ties (within ~1e-6) may be ordered differently.
    /// Queries are split across threads when the work is large. O(queryCount·count·dim) time, O(queryCount·(dim + k)) extra memory.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> or <paramref name="queryCount"/> is negative.</exception>
    /// <exception cref="ArgumentException">A length does not match, or a query holds NaN or ±∞.</exception>
    public ScoredRow[][] SearchBatch(ReadOnlySpan<float> queries, int queryCount, int k, RowFilter? exclude = null, RowFilter? include = null, RowFilter?[]? excludeByQuery = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(queryCount);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (queries.Length != (long)queryCount * Dimensions)
        {
            throw new ArgumentException($"expected {queryCount} x {Dimensions} floats, got {queries.Length}", nameof(queries));
        }

        if (excludeByQuery is not null && excludeByQuery.Length != queryCount)
        {
            throw new ArgumentException($"expected {queryCount} entries, got {excludeByQuery.Length}", nameof(excludeByQuery));
        }

        var kk = Math.Min(k, Count);
        var results = new ScoredRow[queryCount][];
        if (kk == 0)
        {
            for (var i = 0; i < queryCount; i++)
            {
                results[i] = [];
            }

            return results;
        }

        var normalized = ArrayPool<float>.Shared.Rent(queryCount * _stride);
        var heaps = ArrayPool<ScoredRow>.Shared.Rent(queryCount * kk);
        var counts = ArrayPool<int>.Shared.Rent(queryCount);
        try
        {
            for (var i = 0; i < queryCount; i++)
            {
                var q = normalized.AsSpan(i * _stride, _stride);
                q[Dimensions..].Clear();
                if (!NormalizeInto(queries.Slice(i * Dimensions, Dimensions), q[..Dimensions]))
                {
                    throw new ArgumentException($"query {i} contains NaN or infinity", nameof(queries));
                }
            }

            var threads = Math.Min(ThreadsFor((long)queryCount * Count * Dimensions, BlockCount), queryCount);
            if (threads <= 1)
            {
                ScanBatch(normalized, 0, queryCount, kk, heaps, counts, exclude, include, excludeByQuery);
            }
            else
            {
                Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
                    ScanBatch(normalized, queryCount * t / threads, queryCount * (t + 1) / threads, kk, heaps, counts, exclude, include, excludeByQuery));
            }

            for (var i = 0; i < queryCount; i++)
            {
                var slice = heaps.AsSpan(i * kk, kk);
                var found = new TopKHeap(slice, counts[i]).SortDescending();
                results[i] = slice[..found].ToArray();
            }

            return results;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(normalized);
            ArrayPool<ScoredRow>.Shared.Return(heaps);
            ArrayPool<int>.Shared.Return(counts);
        }
    }

    private int BlockCount => (Count + CosineKernels.BlockRows - 1) / CosineKernels.BlockRows;

    private static int AlignedOffset(float[] buffer)
    {
        unsafe
        {
            var address = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
            var misalignment = (int)(address & 63);
            return misalignment == 0 ? 0 : (64 - misalignment) / sizeof(float);
        }
    }

    /// <summary>Writes source / ‖source‖ (in double) to destination; zeros for a zero vector; false on NaN or ±∞.</summary>
    private static bool NormalizeInto(ReadOnlySpan<float> source, Span<float> destination)
    {
        var sumSquares = 0.0;
        foreach (var v in source)
        {
            if (!float.IsFinite(v))
            {
                return false;
            }

            sumSquares += (double)v * v;
        }

        if (sumSquares == 0)
        {
            destination.Clear();
            return true;
        }

        var norm = Math.Sqrt(sumSquares);
        for (var j = 0; j < source.Length; j++)
        {
            destination[j] = (float)(source[j] / norm);
        }

        return true;
    }

    private static ulong AllowedWord(int block, int count, RowFilter? exclude, RowFilter? include)
    {
        var allowed = include?.Word(block) ?? ulong.MaxValue;
        if (exclude is not null)
        {
            allowed &= ~exclude.Word(block);
        }

        // The last block may be partial: rows past Count do not exist.
        var rowsLeft = count - (block * CosineKernels.BlockRows);
        if (rowsLeft < CosineKernels.BlockRows)
        {
            allowed &= (1UL << rowsLeft) - 1;
        }

        return allowed;
    }

    private int ThreadsFor(long work, int blocks)
    {
        if (work < ParallelWorkThreshold || MaxThreads <= 1)
        {
            return 1;
        }

        return Math.Min(MaxThreads, blocks);
    }

    /// <summary>Normalises and zero-pads the query into a pooled buffer of <see cref="Stride"/> floats.</summary>
    private float[] RentQuery(ReadOnlySpan<float> query, out ReadOnlySpan<float> padded)
    {
        if (query.Length != Dimensions)
        {
            throw new ArgumentException($"expected {Dimensions} floats, got {query.Length}", nameof(query));
        }

        var buffer = ArrayPool<float>.Shared.Rent(_stride);
        var span = buffer.AsSpan(0, _stride);
        span[Dimensions..].Clear();
        if (!NormalizeInto(query, span[..Dimensions]))
        {
            ArrayPool<float>.Shared.Return(buffer);
            throw new ArgumentException("query contains NaN or infinity", nameof(query));
        }

        padded = span;
        return buffer;
    }

    private static void ReturnQuery(float[] buffer) => ArrayPool<float>.Shared.Return(buffer);

    private void ThrowIfBadRow(int row)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Count);
    }

    /// <summary>Scans blocks [<paramref name="firstBlock"/>, <paramref name="endBlock"/>) in ascending row order into <paramref name="heap"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ScanBlocks(ReadOnlySpan<float> query, int firstBlock, int endBlock, RowFilter? exclude, RowFilter? include, ref TopKHeap heap)
    {
        Span<float> scores = stackalloc float[CosineKernels.BlockRows];
        var data = _buffer.AsSpan(_offset, Count * _stride);
        ref var q = ref MemoryMarshal.GetReference(query);
        var stride = _stride;
        for (var block = firstBlock; block < endBlock; block++)
        {
            var allowed = AllowedWord(block, Count, exclude, include);
            if (allowed == 0)
            {
                continue;
            }

            var start = block * CosineKernels.BlockRows;
            if (BitOperations.PopCount(allowed) <= SparseBlockRows)
            {
                // Few candidates: score only them.
                while (allowed != 0)
                {
                    var row = start + BitOperations.TrailingZeroCount(allowed);
                    allowed &= allowed - 1;
                    var score = CosineKernels.Dot(ref data[row * stride], ref q, stride);
                    if (score > heap.Threshold)
                    {
                        heap.Push(row, score);
                    }
                }

                continue;
            }

            // Dense block: score it whole, then push only rows that beat the current worst hit.
            var rows = Math.Min(CosineKernels.BlockRows, Count - start);
            CosineKernels.DotRows(data.Slice(start * stride, rows * stride), stride, rows, query, scores);
            var hits = CosineKernels.AboveThreshold(scores, heap.Threshold) & allowed;
            while (hits != 0)
            {
                var i = BitOperations.TrailingZeroCount(hits);
                hits &= hits - 1;
                heap.Push(start + i, scores[i]);
            }
        }
    }

    private int SearchParallel(float[] query, Span<ScoredRow> destination, int threads, RowFilter? exclude, RowFilter? include)
    {
        var k = destination.Length;
        var blocks = BlockCount;

        // A few ranges per thread, taken dynamically, so a core slowed by other work does not hold up the answer.
        var ranges = Math.Min(threads * RangesPerThread, Math.Max(threads, blocks / MinBlocksPerRange));
        var partial = ArrayPool<ScoredRow>.Shared.Rent(ranges * k);
        var counts = ArrayPool<int>.Shared.Rent(ranges);
        try
        {
            // Each range has its own heap, so no locking; the ranges are merged below.
            Parallel.For(0, ranges, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                var heap = new TopKHeap(partial.AsSpan(t * k, k));
                ScanBlocks(query.AsSpan(0, _stride), (int)((long)blocks * t / ranges), (int)((long)blocks * (t + 1) / ranges), exclude, include, ref heap);
                counts[t] = heap.Count;
            });

            var merged = new TopKHeap(destination);
            for (var t = 0; t < ranges; t++)
            {
                foreach (var hit in partial.AsSpan(t * k, counts[t]))
                {
                    merged.Push(hit.Row, hit.Score);
                }
            }

            return merged.SortDescending();
        }
        finally
        {
            ArrayPool<ScoredRow>.Shared.Return(partial);
            ArrayPool<int>.Shared.Return(counts);
        }
    }

    /// <summary>
    /// Single-query search through <paramref name="quantized"/>: every allowed row gets an integer score and an interval
    /// that provably holds its float score; rows whose upper end reaches the k-th largest lower end are rescored with
    /// the float kernel. Returns -1 for a zero query (every row ties at 0; the float scan answers it).
    /// </summary>
    private int SearchQuantized(QuantizedRows quantized, float[] query, Span<ScoredRow> destination, int threads, RowFilter? exclude, RowFilter? include)
    {
        var codes = ArrayPool<short>.Shared.Rent(quantized.CodeStride);
        try
        {
            if (!quantized.QuantizeQuery(query.AsSpan(0, Dimensions), codes, out var code))
            {
                return -1;
            }

            var k = destination.Length;
            var blocks = BlockCount;
            var ranges = threads <= 1 ? 1 : Math.Min(threads * RangesPerThread, Math.Max(threads, blocks / MinBlocksPerRange));
            var lower = ArrayPool<ScoredRow>.Shared.Rent(ranges * k);
            var counts = new int[ranges];
            var candidates = new List<ScoredRow>[ranges];
            try
            {
                void ScanRange(int t)
                {
                    var heap = new TopKHeap(lower.AsSpan(t * k, k));
                    candidates[t] = ScanCodes(quantized, codes, code, (int)((long)blocks * t / ranges), (int)((long)blocks * (t + 1) / ranges), exclude, include, ref heap);
                    counts[t] = heap.Count;
                }

                if (ranges == 1)
                {
                    ScanRange(0);
                }
                else
                {
                    Parallel.For(0, ranges, new ParallelOptions { MaxDegreeOfParallelism = threads }, ScanRange);
                }

                // τ = the k-th largest lower bound over all rows (-∞ when fewer than k rows are allowed).
                var merged = new TopKHeap(lower.AsSpan(0, k), counts[0]);
                for (var t = 1; t < ranges; t++)
                {
                    foreach (var hit in lower.AsSpan(t * k, counts[t]))
                    {
                        merged.Push(hit.Row, hit.Score);
                    }
                }

                var tau = merged.Threshold;
                var result = new TopKHeap(destination);
                ref var q = ref query[0];
                foreach (var list in candidates)
                {
                    foreach (var candidate in list)
                    {
                        if (candidate.Score >= tau)
                        {
                            result.Push(candidate.Row, CosineKernels.Dot(ref _buffer[_offset + (candidate.Row * _stride)], ref q, _stride));
                        }
                    }
                }

                return result.SortDescending();
            }
            finally
            {
                ArrayPool<ScoredRow>.Shared.Return(lower);
            }
        }
        finally
        {
            ArrayPool<short>.Shared.Return(codes);
        }
    }

    /// <summary>
    /// Scores the allowed rows of blocks [<paramref name="firstBlock"/>, <paramref name="endBlock"/>) by their codes, keeping
    /// the k largest lower bounds in <paramref name="heap"/>; returns the rows (with their upper bounds) that may still be in
    /// the top-k. The heap's threshold only grows, so a row dropped here stays below the final τ.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private List<ScoredRow> ScanCodes(QuantizedRows quantized, short[] codes, in QuantizedRows.QueryCode code, int firstBlock, int endBlock, RowFilter? exclude, RowFilter? include, ref TopKHeap heap)
    {
        var candidates = new List<ScoredRow>(64);
        ref var q = ref codes[0];
        for (var block = firstBlock; block < endBlock; block++)
        {
            var allowed = AllowedWord(block, Count, exclude, include);
            var start = block * CosineKernels.BlockRows;
            while (allowed != 0)
            {
                var row = start + BitOperations.TrailingZeroCount(allowed);
                allowed &= allowed - 1;
                var (estimate, bound) = quantized.Score(row, ref q, code);
                var low = estimate - bound;
                if (low > heap.Threshold)
                {
                    heap.Push(row, low);
                }

                var high = estimate + bound;
                if (high >= heap.Threshold)
                {
                    candidates.Add(new ScoredRow(row, high));
                }
            }
        }

        return candidates;
    }

    /// <summary>Scores queries [<paramref name="firstQuery"/>, <paramref name="endQuery"/>) against every block, keeping one heap per query.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ScanBatch(float[] queries, int firstQuery, int endQuery, int k, ScoredRow[] heaps, int[] counts, RowFilter? exclude, RowFilter? include, RowFilter?[]? excludeByQuery)
    {
        const int chunk = 4 * CosineKernels.QueryTile;
        var panel = ArrayPool<float>.Shared.Rent(Dimensions * CosineKernels.BlockRows);
        var scores = ArrayPool<float>.Shared.Rent(chunk * CosineKernels.BlockRows);
        try
        {
            counts.AsSpan(firstQuery, endQuery - firstQuery).Clear();
            var data = _buffer.AsSpan(_offset, Count * _stride);
            var blocks = BlockCount;
            for (var block = 0; block < blocks; block++)
            {
                var allowed = AllowedWord(block, Count, exclude, include);
                if (allowed == 0)
                {
                    continue;
                }

                // The transposed block (dim x 64 floats) stays in L1 while every query of this thread is scored against it.
                var start = block * CosineKernels.BlockRows;
                var rows = Math.Min(CosineKernels.BlockRows, Count - start);
                CosineKernels.TransposePanel(data.Slice(start * _stride, rows * _stride), _stride, rows, Dimensions, panel);
                for (var q0 = firstQuery; q0 < endQuery; q0 += chunk)
                {
                    var n = Math.Min(chunk, endQuery - q0);
                    CosineKernels.ScorePanel(panel, Dimensions, queries.AsSpan(q0 * _stride, n * _stride), _stride, n, scores);
                    for (var i = 0; i < n; i++)
                    {
                        var query = q0 + i;
                        var mask = allowed;
                        if (excludeByQuery?[query] is { } own)
                        {
                            mask &= ~own.Word(block);
                        }

                        var heap = new TopKHeap(heaps.AsSpan(query * k, k), counts[query]);
                        var queryScores = scores.AsSpan(i * CosineKernels.BlockRows, CosineKernels.BlockRows);
                        var hits = CosineKernels.AboveThreshold(queryScores, heap.Threshold) & mask;
                        while (hits != 0)
                        {
                            var bit = BitOperations.TrailingZeroCount(hits);
                            hits &= hits - 1;
                            heap.Push(start + bit, queryScores[bit]);
                        }

                        counts[query] = heap.Count;
                    }
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(panel);
            ArrayPool<float>.Shared.Return(scores);
        }
    }
}
