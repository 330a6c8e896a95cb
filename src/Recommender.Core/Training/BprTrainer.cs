using System.Diagnostics;
using System.Numerics.Tensors;
using Recommender.Core.Data;
using Recommender.Core.Embeddings;

namespace Recommender.Core.Training;

/// <summary>
/// Trains the same biased factor model as <see cref="MatrixFactorizationTrainer"/> to rank rather than to predict:
/// Bayesian personalised ranking (BPR) with sampled negatives, optionally blended with the squared rating loss.
/// </summary>
/// <remarks>
/// <para>
/// A positive is a rated (user u, movie i, rating r), with r ≥ <see cref="BprOptions.PositiveThreshold"/> (by
/// default every rating; the others take the rating term only). For each, <see cref="BprOptions.NegativesPerPositive"/>
/// movies j are drawn uniformly from those u has not rated, and the loss is
/// ½w(μ + b_u + b_i + p_u·q_i − r)² + Σ_j −log σ(x_uij), with x_uij = (b_i − b_j) + p_u·(q_i − q_j) and w =
/// <see cref="BprOptions.RatingWeight"/>. b_u and μ cancel in x, so the BPR terms rank by b_m + p_u·q_m: the same
/// score the MIPS index serves.
/// </para>
/// <para>
/// Sparse updates: each positive is one batch whose gradient touches exactly p_u, q_i, the q_j, b_i, the b_j and
/// (with w &gt; 0) b_u, gathered in <see cref="SparseGradient"/>s and applied by one <see cref="SparseOptimizer"/>
/// step per table, so L2 (λ per use of a row in a term) and optimizer state change for those rows only.
/// All terms of a positive read the rows as they were before its step.
/// </para>
/// <para>
/// Threads: Hogwild, each thread a slice of the positives, as the rating trainer's default. With one thread the
/// result is bit-for-bit reproducible for a fixed seed. Progress reports the RMSE of the rating term's raw
/// prediction (taken before each step) and, with validation ratings, the validation RMSE after a
/// <see cref="RatingCalibration"/> fitted on the training ratings.
/// </para>
/// <para>
/// With SGD the step is fused by default (<see cref="BprOptions.UsesFusedUpdates"/>): the same update applied in place,
/// as the rating trainer's per-rating path does, without building gradients or stepping optimizers.
/// </para>
/// <para>Complexity: O(epochs × ratings × (1 + negatives) × d) time, O((users + movies) × d + ratings) memory.</para>
/// </remarks>
public static class BprTrainer
{
    /// <summary>Trains a ranking model from scratch; the result is uncalibrated (see <see cref="RatingCalibration"/>).</summary>
    /// <param name="train">The training ratings (the positives); must not be empty.</param>
    /// <param name="validation">Optional held-out ratings, scored (calibrated) after every epoch when <paramref name="onEpoch"/> is given.</param>
    /// <param name="options">Hyperparameters; validated first.</param>
    /// <param name="onEpoch">Called on the training thread after every epoch.</param>
    /// <param name="cancellationToken">Checked between positives.</param>
    /// <returns>The trained model, tables sized by max(train, validation) user and movie counts, μ the training mean.</returns>
    /// <exception cref="ArgumentException"><paramref name="train"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; no model is returned.</exception>
    public static FactorModel Train(
        RatingSet train,
        RatingSet? validation,
        BprOptions options,
        Action<EpochProgress>? onEpoch = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (train.Count == 0)
        {
            throw new ArgumentException("no training ratings", nameof(train));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var total = Stopwatch.StartNew();
        var users = Math.Max(train.UserCount, validation?.UserCount ?? 0);
        var movies = Math.Max(train.MovieCount, validation?.MovieCount ?? 0);
        var seed = options.Seed;
        var p = EmbeddingTable.Random(users, options.Dimensions, options.InitStd, Mix(seed, 1));
        var q = EmbeddingTable.Random(movies, options.Dimensions, options.InitStd, Mix(seed, 2));
        var bu = EmbeddingTable.Zeros(users, 1);
        var bm = EmbeddingTable.Zeros(movies, 1);
        var mu = train.Mean();

        var context = new Context(
            p, q, bu, bm, mu, options, RatedMovies.From(train, users),
            new FactorOptimizers(options.Optimizer, p, q, bu, bm, options.LearningRate, options.Regularization, options.BiasRegularization));
        var samples = Pack(train, Mix(seed, 3));
        var threads = Math.Min(options.EffectiveThreads, Math.Max(1, train.Count / 1024));
        var workers = new Worker[threads];
        for (var t = 0; t < threads; t++)
        {
            workers[t] = new Worker(options.Dimensions, options.NegativesPerPositive);
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads };
        var epochWatch = new Stopwatch();
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            context.Optimizers.SetLearningRate(options.LearningRate * MathF.Pow(options.LearningRateDecay, epoch));
            epochWatch.Restart();
            if (threads == 1)
            {
                workers[0].Run(samples, Slice(samples.Length, 0, 1), context, Mix(seed, 1000 + (ulong)epoch), cancellationToken);
            }
            else
            {
                Parallel.For(0, threads, parallel, t =>
                    workers[t].Run(samples, Slice(samples.Length, t, threads), context, Mix(seed, 1000 + ((ulong)epoch * 1024) + (ulong)t), cancellationToken));
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
                var model = new FactorModel(mu, p, q, bu, bm);
                var validationRmse = validation is { Count: > 0 } ? CalibratedRmse(model, train, validation) : double.NaN;
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
    /// Trains with <see cref="Train"/> and folds a <see cref="RatingCalibration"/> into the result, so that
    /// <see cref="FactorModel.Predict"/> gives ratings while the ranking is unchanged.
    /// </summary>
    /// <remarks>
    /// The calibration is fitted on <paramref name="validation"/> when it has ratings, else on <paramref name="train"/>:
    /// BPR pushes every rated movie above the unrated ones, so a fit on the training ratings over-predicts the movies a
    /// user has not rated, which are the ones a prediction is asked about.
    /// </remarks>
    /// <returns>The calibrated model and the calibration folded into it.</returns>
    public static (FactorModel Model, RatingCalibration Calibration) TrainCalibrated(
        RatingSet train,
        RatingSet? validation,
        BprOptions options,
        Action<EpochProgress>? onEpoch = null,
        CancellationToken cancellationToken = default)
    {
        var raw = Train(train, validation, options, onEpoch, cancellationToken);
        var calibration = RatingCalibration.Fit(raw, validation is { Count: > 0 } ? validation : train);
        return (calibration.ApplyTo(raw), calibration);
    }

    /// <summary>
    /// Adds the gradient of one positive's loss (without L2, which the optimizers add per touch) to the four sparse
    /// gradients and returns the loss ½w·e² + Σ_j −log σ(x_uij).
    /// </summary>
    /// <remarks>Also returns the rating term's raw error e = μ + b_u + b_i + p_u·q_i − r, computed even when w = 0.</remarks>
    internal static double Accumulate(
        int user,
        int positive,
        float value,
        ReadOnlySpan<int> negatives,
        float[] p,
        float[] q,
        float[] bu,
        float[] bm,
        int dim,
        float mu,
        float ratingWeight,
        SparseGradient gradP,
        SparseGradient gradQ,
        SparseGradient gradBu,
        SparseGradient gradBm,
        out float error)
    {
        var pu = new ReadOnlySpan<float>(p, user * dim, dim);
        var qi = new ReadOnlySpan<float>(q, positive * dim, dim);
        var dotI = TensorPrimitives.Dot(pu, qi);
        error = mu + bu[user] + bm[positive] + dotI - value;
        var loss = 0.5 * ratingWeight * error * error;
        if (ratingWeight > 0f)
        {
            // d/dp_u of ½w·e² is w·e·q_i, d/dq_i is w·e·p_u, d/db_u = d/db_i = w·e.
            var we = ratingWeight * error;
            FusedKernels.CrossAxpy(gradP.SlotValues(gradP.Touch(user)), gradQ.SlotValues(gradQ.Touch(positive)), pu, qi, we);
            gradBu.Add(user, we);
            gradBm.Add(positive, we);
        }

        foreach (var negative in negatives)
        {
            var qj = new ReadOnlySpan<float>(q, negative * dim, dim);
            var x = bm[positive] - bm[negative] + dotI - TensorPrimitives.Dot(pu, qj);

            // −log σ(x) = log(1 + e^−x), computed without overflow for large |x|; its derivative is −σ(−x).
            loss += x > 0 ? Math.Log(1 + Math.Exp(-x)) : -x + Math.Log(1 + Math.Exp(x));
            var g = 1f / (1f + MathF.Exp(x));
            var gp = gradP.SlotValues(gradP.Touch(user));
            TensorPrimitives.MultiplyAdd(qi, -g, gp, gp);
            TensorPrimitives.MultiplyAdd(qj, g, gp, gp);
            var gi = gradQ.SlotValues(gradQ.Touch(positive));
            TensorPrimitives.MultiplyAdd(pu, -g, gi, gi);
            var gj = gradQ.SlotValues(gradQ.Touch(negative));
            TensorPrimitives.MultiplyAdd(pu, g, gj, gj);
            gradBm.Add(positive, -g);
            gradBm.Add(negative, g);
        }

        return loss;
    }

    private static double CalibratedRmse(FactorModel model, RatingSet train, RatingSet validation)
    {
        var calibration = RatingCalibration.Fit(model, train);
        var (low, high) = (float.PositiveInfinity, float.NegativeInfinity);
        foreach (var v in train.Values)
        {
            low = MathF.Min(low, v);
            high = MathF.Max(high, v);
        }

        var squared = 0.0;
        for (var i = 0; i < validation.Count; i++)
        {
            var e = (double)Math.Clamp(calibration.Apply(model.Predict(validation.Users[i], validation.Movies[i])), low, high) - validation.Values[i];
            squared += e * e;
        }

        return Math.Sqrt(squared / validation.Count);
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

    private static Range Slice(int count, int t, int threads) =>
        new((int)((long)count * t / threads), (int)((long)count * (t + 1) / threads));

    private static void Shuffle(Span<Sample> samples, ref SplitMix64 rng)
    {
        for (var i = samples.Length - 1; i > 0; i--)
        {
            var j = rng.NextInt(i + 1);
            (samples[i], samples[j]) = (samples[j], samples[i]);
        }
    }

    internal static ulong Mix(ulong seed, ulong stream) => new SplitMix64(seed ^ (stream * 0xD1B54A32D192ED03UL)).NextUInt64();

    private readonly record struct Sample(int User, int Movie, float Value);

    private sealed class Context(
        EmbeddingTable p,
        EmbeddingTable q,
        EmbeddingTable bu,
        EmbeddingTable bm,
        float mu,
        BprOptions options,
        RatedMovies rated,
        FactorOptimizers optimizers)
    {
        public float[] P { get; } = p.Buffer;

        public float[] Q { get; } = q.Buffer;

        public float[] Bu { get; } = bu.Buffer;

        public float[] Bm { get; } = bm.Buffer;

        public int MovieCount { get; } = q.Rows;

        public float Mu { get; } = mu;

        public float RatingWeight { get; } = options.RatingWeight;

        public float PositiveThreshold { get; } = options.PositiveThreshold;

        public bool Fused { get; } = options.UsesFusedUpdates;

        public float Regularization { get; } = options.Regularization;

        public float BiasRegularization { get; } = options.BiasRegularization;

        public FactorOptimizers Optimizers { get; } = optimizers;

        public float LearningRate => Optimizers.LearningRate;

        public RatedMovies Rated { get; } = rated;

    }

    /// <summary>One thread's reusable buffers: the four sparse gradients of its current positive and its negatives.</summary>
    private sealed class Worker(int dim, int negativesPerPositive)
    {
        private readonly SparseGradient _gradP = new(dim, 4);
        private readonly SparseGradient _gradQ = new(dim, negativesPerPositive + 1);
        private readonly SparseGradient _gradBu = new(1, 4);
        private readonly SparseGradient _gradBm = new(1, negativesPerPositive + 1);
        private readonly int[] _negatives = new int[negativesPerPositive];
        private readonly float[] _pairGradients = new float[negativesPerPositive];
        private readonly float[] _userGradient = new float[dim];
        private double _squaredError;

        /// <summary>
        /// The SGD step of one positive in place (<see cref="BprOptions.UsesFusedUpdates"/>): every term reads the rows
        /// as they were before the step, as the sparse-gradient path does; returns the rating term's error.
        /// </summary>
        private float FusedStep(int user, int positive, float value, ReadOnlySpan<int> negatives, Context c)
        {
            var pu = c.P.AsSpan(user * dim, dim);
            var qi = c.Q.AsSpan(positive * dim, dim);
            var dotI = FusedKernels.Dot(pu, qi);
            var error = c.Mu + c.Bu[user] + c.Bm[positive] + dotI - value;
            var w = c.RatingWeight;
            var rated = w > 0f ? 1 : 0;

            // Phase 1, reads only: the pair gradients σ(−x_uij) and the user row's gradient.
            var gp = _userGradient.AsSpan();
            var coefficientI = w * error;
            if (rated == 1)
            {
                TensorPrimitives.Multiply(qi, coefficientI, gp);
            }
            else
            {
                gp.Clear();
            }

            for (var k = 0; k < negatives.Length; k++)
            {
                var qj = c.Q.AsSpan(negatives[k] * dim, dim);
                var x = c.Bm[positive] - c.Bm[negatives[k]] + dotI - FusedKernels.Dot(pu, qj);
                var g = 1f / (1f + MathF.Exp(x));
                _pairGradients[k] = g;
                coefficientI -= g;
                TensorPrimitives.MultiplyAdd(qi, -g, gp, gp);
                TensorPrimitives.MultiplyAdd(qj, g, gp, gp);
            }

            // Phase 2, writes: movie rows first, since their gradients use the old p_u; L2 λ per use of a row.
            var eta = c.LearningRate;
            var lambda = c.Regularization;
            var lambdaB = c.BiasRegularization;
            var usesI = rated + negatives.Length;
            FusedKernels.ScaleAdd(qi, 1f - (eta * lambda * usesI), pu, -eta * coefficientI);
            c.Bm[positive] = ((1f - (eta * lambdaB * usesI)) * c.Bm[positive]) - (eta * coefficientI);
            for (var k = 0; k < negatives.Length; k++)
            {
                var j = negatives[k];
                FusedKernels.ScaleAdd(c.Q.AsSpan(j * dim, dim), 1f - (eta * lambda), pu, -eta * _pairGradients[k]);
                c.Bm[j] = ((1f - (eta * lambdaB)) * c.Bm[j]) - (eta * _pairGradients[k]);
            }

            if (rated == 1)
            {
                c.Bu[user] = ((1f - (eta * lambdaB)) * c.Bu[user]) - (eta * w * error);
            }

            FusedKernels.ScaleAdd(pu, 1f - (eta * lambda * usesI), gp, -eta);
            return error;
        }

        public double TakeSquaredError()
        {
            var e = _squaredError;
            _squaredError = 0;
            return e;
        }

        public void Run(Sample[] all, Range range, Context c, ulong seed, CancellationToken cancellationToken)
        {
            var samples = all.AsSpan(range);
            var rng = new SplitMix64(seed);
            Shuffle(samples, ref rng);
            var squaredError = 0.0;
            foreach (ref readonly var s in samples)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                var drawn = s.Value >= c.PositiveThreshold ? RatedMovies.SampleNegatives(c.Rated.Of(s.User), c.MovieCount, _negatives, ref rng) : 0;
                if (c.Fused)
                {
                    var e = FusedStep(s.User, s.Movie, s.Value, _negatives.AsSpan(0, drawn), c);
                    squaredError += e * e;
                    continue;
                }

                Accumulate(s.User, s.Movie, s.Value, _negatives.AsSpan(0, drawn), c.P, c.Q, c.Bu, c.Bm, dim, c.Mu, c.RatingWeight, _gradP, _gradQ, _gradBu, _gradBm, out var error);
                squaredError += error * error;
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
