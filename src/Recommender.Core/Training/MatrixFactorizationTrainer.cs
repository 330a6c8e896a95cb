using System.Diagnostics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using Recommender.Core.Data;
using Recommender.Core.Embeddings;

namespace Recommender.Core.Training;

/// <summary>
/// Trains a biased matrix-factorisation model (r̂ = μ + b_u + b_m + p_u·q_m) with sparse updates: per-rating fused
/// SGD (the default, <see cref="TrainingOptions.BatchSize"/> = 1), or mini-batches in which each batch yields one
/// <see cref="SparseGradient"/> per table and one <see cref="SparseOptimizer"/> step per table.
/// </summary>
/// <remarks>
/// <para>
/// Fused path (<see cref="TrainingOptions.UsesFusedUpdates"/>: SGD, batch size 1): each rating is a batch of one. Its
/// error e = r − r̂ is computed with one dot pass over p_u and q_m, then b_u ← b_u + η(e − λ_b·b_u),
/// b_m ← b_m + η(e − λ_b·b_m) and, in one fused vector pass, p_u ← p_u + η(e·q_m − λp_u),
/// q_m ← q_m + η(e·p_u − λq_m) with the old p_u. Exactly those four rows are read and written, L2 included, as LIBMF
/// does; the result equals the mini-batch path with batch size 1 up to float rounding, at a fraction of its memory
/// traffic (no gradient rows, no coalescing, no optimizer pass).
/// </para>
/// <para>
/// Loss per rating: ½(r̂ − r)² + ½λ(‖p_u‖² + ‖q_m‖²) + ½λ_b(b_u² + b_m²); batch gradients are sums, so the learning
/// rate is per rating and does not depend on <see cref="TrainingOptions.BatchSize"/> for rows touched once.
/// All predictions in a batch read the rows as they were before the batch (as a PyTorch sparse-embedding batch does).
/// </para>
/// <para>
/// Shuffling: the ratings are copied into one packed array and shuffled once with the seed; every epoch each worker
/// then reshuffles its own slice (seeded by seed, epoch and worker), so the shuffle is parallel and cache-friendly.
/// </para>
/// <para>
/// Threads: <see cref="ParallelStrategy.Hogwild"/> (the default) gives each thread a slice of the ratings and lets
/// them write shared rows without locks. It was measured faster than <see cref="ParallelStrategy.Partitioned"/>
/// (DSGD blocks, which need a barrier per sub-epoch and suffer from block imbalance) at equal accuracy; see the
/// benchmark report. With <see cref="TrainingOptions.Threads"/> = 1 both are the same and training is bit-for-bit
/// reproducible for a fixed seed.
/// </para>
/// <para>Complexity: O(epochs × ratings × d) time, O((users + movies) × d + ratings) memory (more for Adam state).</para>
/// </remarks>
public static class MatrixFactorizationTrainer
{
    /// <summary>Trains a model from scratch with tables sized by the rating sets' counts.</summary>
    /// <param name="train">The training ratings; must not be empty.</param>
    /// <param name="validation">Optional held-out ratings, scored after every epoch.</param>
    /// <param name="options">Hyperparameters; validated first.</param>
    /// <param name="onEpoch">Called on the training thread after every epoch.</param>
    /// <param name="cancellationToken">Checked between mini-batches.</param>
    /// <returns>The trained model, whose tables have max(train, validation) user and movie counts.</returns>
    /// <exception cref="ArgumentException"><paramref name="train"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; no model is returned.</exception>
    public static FactorModel Train(
        RatingSet train,
        RatingSet? validation,
        TrainingOptions options,
        Action<EpochProgress>? onEpoch = null,
        CancellationToken cancellationToken = default) =>
        Run(null, train, validation, options, onEpoch, cancellationToken);

    /// <summary>
    /// Continues training from <paramref name="warmStart"/>: its tables are copied (it is not modified), grown
    /// with freshly initialised rows for users and movies it lacks, and trained further.
    /// </summary>
    /// <remarks>The warm model's μ is kept, since its biases were learned around it.</remarks>
    /// <exception cref="ArgumentException">The warm model's dimensions differ from <see cref="TrainingOptions.Dimensions"/>, or <paramref name="train"/> is empty.</exception>
    public static FactorModel Train(
        FactorModel warmStart,
        RatingSet train,
        RatingSet? validation,
        TrainingOptions options,
        Action<EpochProgress>? onEpoch = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(warmStart);
        return Run(warmStart, train, validation, options, onEpoch, cancellationToken);
    }

    private static FactorModel Run(
        FactorModel? warmStart,
        RatingSet train,
        RatingSet? validation,
        TrainingOptions options,
        Action<EpochProgress>? onEpoch,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (train.Count == 0)
        {
            throw new ArgumentException("no training ratings", nameof(train));
        }

        if (warmStart is not null && warmStart.Dimensions != options.Dimensions)
        {
            throw new ArgumentException($"warm-start model has {warmStart.Dimensions} dimensions, options ask for {options.Dimensions}", nameof(warmStart));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var total = Stopwatch.StartNew();
        var users = Math.Max(train.UserCount, Math.Max(validation?.UserCount ?? 0, warmStart?.UserCount ?? 0));
        var movies = Math.Max(train.MovieCount, Math.Max(validation?.MovieCount ?? 0, warmStart?.MovieCount ?? 0));
        var d = options.Dimensions;
        var seed = options.Seed;

        var p = InitFactors(warmStart?.UserFactors, users, options, Mix(seed, 1));
        var q = InitFactors(warmStart?.MovieFactors, movies, options, Mix(seed, 2));
        var bu = InitBias(warmStart?.UserBias, users);
        var bm = InitBias(warmStart?.MovieBias, movies);
        var mu = warmStart?.GlobalMean ?? train.Mean();

        var threads = Math.Min(options.EffectiveThreads, Math.Max(1, train.Count / 1024));
        var strategy = options.Parallelism;
        var samples = Pack(train, Mix(seed, 3));
        var groups = strategy == ParallelStrategy.Partitioned ? GroupCount(users, movies, d, threads, train.Count) : 1;
        var blocks = strategy == ParallelStrategy.Partitioned
            ? PartitionBlocks(samples, groups)
            : SliceBounds(samples.Length, threads);
        var order = new int[groups];

        var context = new Context(
            p, q, bu, bm, mu, options.BatchSize, options.UsesFusedUpdates, options.Regularization, options.BiasRegularization,
            new FactorOptimizers(options.Optimizer, p, q, bu, bm, options.LearningRate, options.Regularization, options.BiasRegularization));
        var workers = new Worker[threads];
        for (var t = 0; t < threads; t++)
        {
            workers[t] = new Worker(d, options.BatchSize);
        }

        var (low, high) = ValueRange(train.Values);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads };
        var epochWatch = new Stopwatch();
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            context.Optimizers.SetLearningRate(options.LearningRate * MathF.Pow(options.LearningRateDecay, epoch));
            epochWatch.Restart();
            if (strategy == ParallelStrategy.Partitioned)
            {
                RunPartitioned(samples, blocks, groups, order, workers, context, Mix(seed, 1000 + (ulong)epoch), parallel, cancellationToken);
            }
            else if (threads == 1)
            {
                workers[0].Run(samples, blocks[0], context, Mix(seed, 1000 + (ulong)epoch), cancellationToken);
            }
            else
            {
                Parallel.For(0, threads, parallel, t =>
                    workers[t].Run(samples, blocks[t], context, Mix(seed, 1000 + ((ulong)epoch * 1024) + (ulong)t), cancellationToken));
            }

            epochWatch.Stop();
            cancellationToken.ThrowIfCancellationRequested();

            var squaredError = 0.0;
            foreach (var worker in workers)
            {
                squaredError += worker.TakeSquaredError();
            }

            if (onEpoch is not null)
            {
                var validationRmse = double.NaN;
                if (validation is { Count: > 0 })
                {
                    validationRmse = RatingErrors.Measure(new FactorModel(mu, p, q, bu, bm), validation, low, high).Rmse;
                }

                onEpoch(new EpochProgress(
                    epoch + 1,
                    options.Epochs,
                    Math.Sqrt(squaredError / samples.Length),
                    validationRmse,
                    samples.Length / Math.Max(epochWatch.Elapsed.TotalSeconds, 1e-9),
                    total.Elapsed));
            }
        }

        return new FactorModel(mu, p, q, bu, bm);
    }

    /// <summary>
    /// Adds one rating's loss gradient (without L2, which the optimizers add per touch) to the four sparse
    /// gradients and returns its squared error.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    internal static float Accumulate(
        int user,
        int movie,
        float value,
        float[] p,
        float[] q,
        float[] bu,
        float[] bm,
        int dim,
        float mu,
        SparseGradient gradP,
        SparseGradient gradQ,
        SparseGradient gradBu,
        SparseGradient gradBm)
    {
        var pu = p.AsSpan(user * dim, dim);
        var qm = q.AsSpan(movie * dim, dim);
        var e = mu + bu[user] + bm[movie] + TensorPrimitives.Dot((ReadOnlySpan<float>)pu, qm) - value;

        // d/dp_u of ½e² is e·q_m and d/dq_m is e·p_u.
        FusedKernels.CrossAxpy(gradP.SlotValues(gradP.Touch(user)), gradQ.SlotValues(gradQ.Touch(movie)), pu, qm, e);
        gradBu.Add(user, e);
        gradBm.Add(movie, e);
        return e * e;
    }

    /// <summary>
    /// One epoch over a G×G grid of (user group, movie group) blocks: G sub-epochs in a seeded order, each running
    /// the G independent blocks (i, (i + s) mod G) spread over the threads, so no two threads touch the same row.
    /// </summary>
    private static void RunPartitioned(
        Sample[] samples,
        Range[] blocks,
        int groups,
        int[] order,
        Worker[] workers,
        Context context,
        ulong epochSeed,
        ParallelOptions parallel,
        CancellationToken cancellationToken)
    {
        var rng = new SplitMix64(epochSeed);
        for (var i = 0; i < groups; i++)
        {
            order[i] = i;
        }

        for (var i = groups - 1; i > 0; i--)
        {
            var j = rng.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        var threads = workers.Length;
        for (var k = 0; k < groups && !cancellationToken.IsCancellationRequested; k++)
        {
            var shift = order[k];
            var subSeed = Mix(epochSeed, (ulong)k);
            if (threads == 1)
            {
                RunDiagonal(samples, blocks, groups, shift, 0, 1, workers[0], context, subSeed, cancellationToken);
            }
            else
            {
                Parallel.For(0, threads, parallel, t =>
                    RunDiagonal(samples, blocks, groups, shift, t, threads, workers[t], context, subSeed, cancellationToken));
            }
        }
    }

    private static void RunDiagonal(Sample[] samples, Range[] blocks, int groups, int shift, int first, int stride, Worker worker, Context context, ulong seed, CancellationToken cancellationToken)
    {
        for (var userGroup = first; userGroup < groups; userGroup += stride)
        {
            var block = (userGroup * groups) + ((userGroup + shift) % groups);
            worker.Run(samples, blocks[block], context, Mix(seed, (ulong)block), cancellationToken);
        }
    }

    /// <summary>
    /// The grid size G: a multiple of the thread count, large enough that one group's user rows fit in about
    /// 256 KiB (L2), which is what makes blocking faster than Hogwild on big tables, but with blocks of at least a
    /// few batches.
    /// </summary>
    private static int GroupCount(int users, int movies, int dim, int threads, int ratings)
    {
        var bytes = (long)Math.Max(users, movies) * dim * sizeof(float);
        var groups = (int)Math.Clamp((bytes + (256 * 1024) - 1) / (256 * 1024), 1, 64);
        while (groups > 1 && (long)ratings / ((long)groups * groups) < 1024)
        {
            groups--;
        }

        return Math.Max(threads, (groups + threads - 1) / threads * threads);
    }

    private static EmbeddingTable InitFactors(EmbeddingTable? warm, int rows, TrainingOptions options, ulong seed)
    {
        if (warm is null)
        {
            return EmbeddingTable.Random(rows, options.Dimensions, options.InitStd, seed);
        }

        var table = warm.Clone();
        table.AppendRows(rows - table.Rows, options.InitStd, seed);
        return table;
    }

    private static EmbeddingTable InitBias(EmbeddingTable? warm, int rows)
    {
        if (warm is null)
        {
            return EmbeddingTable.Zeros(rows, 1);
        }

        var table = warm.Clone();
        table.AppendRows(rows - table.Rows);
        return table;
    }

    private static Sample[] Pack(RatingSet train, ulong seed)
    {
        var samples = new Sample[train.Count];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = new Sample(train.Users[i], train.Movies[i], train.Values[i]);
        }

        var rng = new SplitMix64(seed);
        Shuffle(samples, ref rng);
        return samples;
    }

    private static Range[] SliceBounds(int count, int threads)
    {
        var bounds = new Range[threads];
        for (var t = 0; t < threads; t++)
        {
            bounds[t] = new Range((int)((long)count * t / threads), (int)((long)count * (t + 1) / threads));
        }

        return bounds;
    }

    /// <summary>Reorders samples into G×G contiguous blocks (user group, movie group) and returns their ranges.</summary>
    private static Range[] PartitionBlocks(Sample[] samples, int threads)
    {
        // Counting sort by block keeps the seeded order inside each block.
        var blockCount = threads * threads;
        var starts = new int[blockCount + 1];
        foreach (var s in samples)
        {
            starts[BlockOf(s, threads) + 1]++;
        }

        for (var b = 0; b < blockCount; b++)
        {
            starts[b + 1] += starts[b];
        }

        var sorted = new Sample[samples.Length];
        var next = (int[])starts.Clone();
        foreach (var s in samples)
        {
            sorted[next[BlockOf(s, threads)]++] = s;
        }

        sorted.CopyTo(samples, 0);
        var ranges = new Range[blockCount];
        for (var b = 0; b < blockCount; b++)
        {
            ranges[b] = new Range(starts[b], starts[b + 1]);
        }

        return ranges;
    }

    private static int BlockOf(Sample s, int threads) => (s.User % threads * threads) + (s.Movie % threads);

    private static (float Low, float High) ValueRange(float[] values)
    {
        var low = float.PositiveInfinity;
        var high = float.NegativeInfinity;
        foreach (var v in values)
        {
            low = MathF.Min(low, v);
            high = MathF.Max(high, v);
        }

        return (low, high);
    }

    private static void Shuffle(Span<Sample> samples, ref SplitMix64 rng)
    {
        for (var i = samples.Length - 1; i > 0; i--)
        {
            var j = rng.NextInt(i + 1);
            (samples[i], samples[j]) = (samples[j], samples[i]);
        }
    }

    private static ulong Mix(ulong seed, ulong stream) => new SplitMix64(seed ^ (stream * 0xD1B54A32D192ED03UL)).NextUInt64();

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Sample(int User, int Movie, float Value);

    private sealed class Context(
        EmbeddingTable p,
        EmbeddingTable q,
        EmbeddingTable bu,
        EmbeddingTable bm,
        float mu,
        int batchSize,
        bool fused,
        float regularization,
        float biasRegularization,
        FactorOptimizers optimizers)
    {
        public float[] P { get; } = p.Buffer;

        public float[] Q { get; } = q.Buffer;

        public float[] Bu { get; } = bu.Buffer;

        public float[] Bm { get; } = bm.Buffer;

        public float Mu { get; } = mu;

        public int BatchSize { get; } = batchSize;

        public bool Fused { get; } = fused;

        public float Regularization { get; } = regularization;

        public float BiasRegularization { get; } = biasRegularization;

        public FactorOptimizers Optimizers { get; } = optimizers;

        public float LearningRate => Optimizers.LearningRate;

    }

    /// <summary>One thread's reusable buffers: the four sparse gradients of its current batch.</summary>
    private sealed class Worker(int dim, int batchSize)
    {
        private readonly SparseGradient _gradP = new(dim, Math.Min(batchSize, 1 << 16));
        private readonly SparseGradient _gradQ = new(dim, Math.Min(batchSize, 1 << 16));
        private readonly SparseGradient _gradBu = new(1, Math.Min(batchSize, 1 << 16));
        private readonly SparseGradient _gradBm = new(1, Math.Min(batchSize, 1 << 16));
        private double _squaredError;

        /// <summary>
        /// The fused per-rating SGD pass (batch size 1): for each rating, e = r − (μ + b_u + b_m + p_u·q_m), then
        /// the biases and both factor rows are updated in place, L2 on those rows only. No allocation, no bounds checks.
        /// </summary>
        private static double RunFused(ReadOnlySpan<Sample> samples, Context c, int dim)
        {
            ref var p0 = ref MemoryMarshal.GetArrayDataReference(c.P);
            ref var q0 = ref MemoryMarshal.GetArrayDataReference(c.Q);
            ref var bu0 = ref MemoryMarshal.GetArrayDataReference(c.Bu);
            ref var bm0 = ref MemoryMarshal.GetArrayDataReference(c.Bm);
            ref var s0 = ref MemoryMarshal.GetReference(samples);
            var mu = c.Mu;
            var eta = c.LearningRate;
            var lambda = c.Regularization;
            var lambdaB = c.BiasRegularization;
            var squaredError = 0.0;
            var n = samples.Length;
            for (var k = 0; k < n; k++)
            {
                // The samples are shuffled, so each rating's rows are random reads from tables larger than the
                // caches; asking for a later rating's rows now overlaps those misses with this rating's arithmetic.
                if (k + PrefetchDistance < n)
                {
                    ref readonly var ahead = ref Unsafe.Add(ref s0, k + PrefetchDistance);
                    PrefetchRow(ref Unsafe.Add(ref p0, (nint)ahead.User * dim), dim);
                    PrefetchRow(ref Unsafe.Add(ref q0, (nint)ahead.Movie * dim), dim);
                }

                ref readonly var s = ref Unsafe.Add(ref s0, k);
                ref var pu = ref Unsafe.Add(ref p0, (nint)s.User * dim);
                ref var qm = ref Unsafe.Add(ref q0, (nint)s.Movie * dim);
                ref var bu = ref Unsafe.Add(ref bu0, (nint)s.User);
                ref var bm = ref Unsafe.Add(ref bm0, (nint)s.Movie);
                var e = s.Value - (mu + bu + bm + FusedKernels.DotUnsafe(ref pu, ref qm, dim));
                squaredError += e * e;
                bu += eta * (e - (lambdaB * bu));
                bm += eta * (e - (lambdaB * bm));
                FusedKernels.SgdPairUnsafe(ref pu, ref qm, dim, e, eta, lambda);
            }

            return squaredError;
        }

        /// <summary>Ratings ahead of the current one whose rows are requested from memory (about one DRAM latency of work).</summary>
        private const int PrefetchDistance = 6;

        /// <summary>Hints every cache line of a row into L1; a no-op without SSE.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static unsafe void PrefetchRow(ref float row, int dim)
        {
            if (!Sse.IsSupported)
            {
                return;
            }

            var start = (byte*)Unsafe.AsPointer(ref row);
            var end = start + ((nint)dim * sizeof(float));
            for (var line = start; line < end; line += 64)
            {
                Sse.Prefetch0(line);
            }
        }

        public double TakeSquaredError()
        {
            var e = _squaredError;
            _squaredError = 0;
            return e;
        }

        public void Run(Sample[] all, Range range, Context c, ulong shuffleSeed, CancellationToken cancellationToken)
        {
            var samples = all.AsSpan(range);
            var rng = new SplitMix64(shuffleSeed);
            Shuffle(samples, ref rng);
            if (c.Fused)
            {
                if (!cancellationToken.IsCancellationRequested)
                {
                    _squaredError += RunFused(samples, c, dim);
                }

                return;
            }

            var p = c.P;
            var q = c.Q;
            var bu = c.Bu;
            var bm = c.Bm;
            var mu = c.Mu;
            var squaredError = 0.0;
            for (var start = 0; start < samples.Length; start += c.BatchSize)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                var batch = samples.Slice(start, Math.Min(c.BatchSize, samples.Length - start));
                var batchError = 0f;
                foreach (ref readonly var s in batch)
                {
                    batchError += Accumulate(s.User, s.Movie, s.Value, p, q, bu, bm, dim, mu, _gradP, _gradQ, _gradBu, _gradBm);
                }

                squaredError += batchError;
                c.Optimizers.Step(_gradP, _gradQ, _gradBu, _gradBm);
                _gradP.Clear();
                _gradQ.Clear();
                _gradBu.Clear();
                _gradBm.Clear();
            }

            _squaredError += squaredError;
        }
    }
}
