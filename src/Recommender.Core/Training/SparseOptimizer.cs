using System.Numerics.Tensors;
using Recommender.Core.Embeddings;

namespace Recommender.Core.Training;

/// <summary>
/// Applies <see cref="SparseGradient"/>s to one embedding table, updating the touched rows (and their
/// optimizer state) only.
/// </summary>
/// <remarks>
/// <para>
/// Regularisation is per rating, applied to touched rows only: a row touched c times in a batch gets the extra
/// gradient λ·c·w (the derivative of ½λ‖w‖² summed over the c batch items that use it), as in LIBMF and in the
/// PyTorch peer's batch loss. Untouched rows and their state are never read or written, so a step costs
/// O(touched rows × Dim) regardless of the table size.
/// </para>
/// <para>
/// <see cref="Step"/> uses the gradient's values as scratch (they hold the regularised gradient afterwards).
/// Concurrent <see cref="Step"/> calls from several threads on disjoint or overlapping rows are allowed and are
/// lock-free (Hogwild); the results are then not deterministic. If the table grows, the optimizer state grows with
/// it at the next step (new rows start with fresh state); do not grow a table while steps run.
/// </para>
/// </remarks>
public abstract class SparseOptimizer
{
    private long _rowsVisited;

    private protected SparseOptimizer(EmbeddingTable table, float learningRate, float regularization)
    {
        ArgumentNullException.ThrowIfNull(table);
        Table = table;
        LearningRate = learningRate;
        Regularization = regularization;
    }

    /// <summary>The table this optimizer updates.</summary>
    public EmbeddingTable Table { get; }

    /// <summary>The step size; may be changed between steps (learning-rate schedules).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative or not finite.</exception>
    public float LearningRate
    {
        get;
        set
        {
            if (!(value >= 0 && float.IsFinite(value)))
            {
                throw new ArgumentOutOfRangeException(nameof(LearningRate), value, "must be finite and non-negative");
            }

            field = value;
        }
    }

    /// <summary>λ, the per-rating L2 coefficient applied to touched rows.</summary>
    public float Regularization
    {
        get;
        set
        {
            if (!(value >= 0 && float.IsFinite(value)))
            {
                throw new ArgumentOutOfRangeException(nameof(Regularization), value, "must be finite and non-negative");
            }

            field = value;
        }
    }

    /// <summary>The total number of table rows this optimizer has visited (read or written) over all steps.</summary>
    /// <remarks>Equals the sum of the gradients' <see cref="SparseGradient.Count"/>: the proof that steps are sparse.</remarks>
    public long RowsVisited => Interlocked.Read(ref _rowsVisited);

    /// <summary>Creates an optimizer of the given kind for <paramref name="table"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An unknown kind or an invalid hyperparameter.</exception>
    public static SparseOptimizer Create(OptimizerKind kind, EmbeddingTable table, float learningRate, float regularization) => kind switch
    {
        OptimizerKind.Sgd => new SparseSgd(table, learningRate, regularization),
        OptimizerKind.Adagrad => new SparseAdagrad(table, learningRate, regularization),
        OptimizerKind.SparseAdam => new SparseAdam(table, learningRate, regularization),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown optimizer"),
    };

    /// <summary>Applies one sparse gradient to the touched rows and returns how many rows it updated.</summary>
    /// <exception cref="ArgumentException">The gradient's width differs from the table's.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The gradient names a row outside the table.</exception>
    public int Step(SparseGradient gradient)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        if (gradient.Dim != Table.Dim)
        {
            throw new ArgumentException($"gradient width {gradient.Dim} differs from table width {Table.Dim}", nameof(gradient));
        }

        var rows = gradient.Rows;
        var tableRows = Table.Rows;
        foreach (var row in rows)
        {
            if ((uint)row >= (uint)tableRows)
            {
                throw new ArgumentOutOfRangeException(nameof(gradient), row, $"row must be in [0, {tableRows})");
            }
        }

        EnsureState(tableRows);
        Apply(gradient);
        Interlocked.Add(ref _rowsVisited, rows.Length);
        return rows.Length;
    }

    /// <summary>Grows per-row state to cover <paramref name="rows"/> rows (amortised).</summary>
    private protected abstract void EnsureState(int rows);

    /// <summary>Updates every row of the (validated) gradient.</summary>
    private protected abstract void Apply(SparseGradient gradient);

    /// <summary>g ← g + λ·c·w: per-rating L2 on a touched row.</summary>
    private protected static void AddRegularization(Span<float> g, ReadOnlySpan<float> w, float lambdaTimesCount)
    {
        if (lambdaTimesCount != 0f)
        {
            TensorPrimitives.MultiplyAdd(w, lambdaTimesCount, g, g);
        }
    }

    /// <summary>Grows a per-row state array to at least <paramref name="length"/>, doubling (new entries are zero).</summary>
    private protected static void GrowState(ref float[] state, long length)
    {
        if (length > state.Length)
        {
            Array.Resize(ref state, (int)Math.Min(Array.MaxLength, Math.Max(length, 2L * state.Length)));
        }
    }
}

/// <summary>Sparse SGD: w ← w − η·(g + λ·c·w) on each touched row.</summary>
/// <remarks>Stateless. One fused pass per row: w ← (1 − ηλc)·w − η·g.</remarks>
public sealed class SparseSgd : SparseOptimizer
{
    /// <summary>Creates the optimizer.</summary>
    public SparseSgd(EmbeddingTable table, float learningRate, float regularization)
        : base(table, learningRate, regularization)
    {
    }

    private protected override void EnsureState(int rows)
    {
    }

    private protected override void Apply(SparseGradient gradient)
    {
        var values = Table.Buffer;
        var dim = Table.Dim;
        var eta = LearningRate;
        var lambda = Regularization;
        var rows = gradient.Rows;
        var counts = gradient.Counts;
        for (var k = 0; k < rows.Length; k++)
        {
            var w = values.AsSpan(rows[k] * dim, dim);
            FusedKernels.ScaleAdd(w, 1f - (eta * lambda * counts[k]), gradient.SlotValues(k), -eta);
        }
    }
}

/// <summary>
/// Row-wise Adagrad: one accumulator per row, G ← G + mean(g²) over the row, then w ← w − η·g / (√G + ε),
/// with g the regularised gradient.
/// </summary>
/// <remarks>
/// One float of state per row instead of one per weight, as in LIBMF and TorchRec's row-wise Adagrad; the
/// accumulator of an untouched row never changes. <see cref="InitialAccumulator"/> avoids huge first steps.
/// </remarks>
public sealed class SparseAdagrad : SparseOptimizer
{
    private float[] _accumulator = [];

    /// <summary>Creates the optimizer with accumulators starting at <see cref="InitialAccumulator"/>.</summary>
    public SparseAdagrad(EmbeddingTable table, float learningRate, float regularization)
        : base(table, learningRate, regularization)
    {
        EnsureState(table.Rows);
    }

    /// <summary>The value every row's accumulator starts from.</summary>
    public const float InitialAccumulator = 0.1f;

    /// <summary>ε added to √G.</summary>
    public const float Epsilon = 1e-8f;

    /// <summary>The per-row accumulators (one per table row).</summary>
    public ReadOnlySpan<float> Accumulators => _accumulator.AsSpan(0, Table.Rows);

    private protected override void EnsureState(int rows)
    {
        var old = _accumulator.Length;
        if (rows > old)
        {
            GrowState(ref _accumulator, rows);
            _accumulator.AsSpan(old).Fill(InitialAccumulator);
        }
    }

    private protected override void Apply(SparseGradient gradient)
    {
        var values = Table.Buffer;
        var dim = Table.Dim;
        var eta = LearningRate;
        var lambda = Regularization;
        var rows = gradient.Rows;
        var counts = gradient.Counts;
        var invDim = 1f / dim;
        for (var k = 0; k < rows.Length; k++)
        {
            var row = rows[k];
            var w = values.AsSpan(row * dim, dim);
            var g = gradient.SlotValues(k);
            AddRegularization(g, w, lambda * counts[k]);
            var acc = _accumulator[row] + (TensorPrimitives.Dot((ReadOnlySpan<float>)g, g) * invDim);
            _accumulator[row] = acc;
            TensorPrimitives.MultiplyAdd(g, -eta / (MathF.Sqrt(acc) + Epsilon), w, w);
        }
    }
}

/// <summary>
/// Lazy Adam as torch.optim.SparseAdam: the first and second moments of touched rows are updated with the
/// regularised gradient; untouched rows keep their weights and moments as they are.
/// </summary>
/// <remarks>
/// Uses torch.optim.SparseAdam's step rule: one global step count t per table, incremented by every
/// <see cref="SparseOptimizer.Step"/>, and the bias-corrected step size η·√(1−β2ᵗ)/(1−β1ᵗ) applied as
/// w ← w − step·m / (√v + ε). (Per-row step counts would correct bias more exactly for rarely touched rows,
/// but would cost state and diverge from the PyTorch peer.) Two floats of state per weight.
/// </remarks>
public sealed class SparseAdam : SparseOptimizer
{
    private float[] _m = [];
    private float[] _v = [];
    private long _step;

    /// <summary>Creates the optimizer with zero moments.</summary>
    public SparseAdam(EmbeddingTable table, float learningRate, float regularization)
        : base(table, learningRate, regularization)
    {
        EnsureState(table.Rows);
    }

    /// <summary>β1, the first-moment decay.</summary>
    public const float Beta1 = 0.9f;

    /// <summary>β2, the second-moment decay.</summary>
    public const float Beta2 = 0.999f;

    /// <summary>ε added to √v.</summary>
    public const float Epsilon = 1e-8f;

    /// <summary>The number of steps taken (the global t of the bias correction).</summary>
    public long StepCount => Interlocked.Read(ref _step);

    /// <summary>First moments, row-major like the table.</summary>
    public ReadOnlySpan<float> FirstMoments => _m.AsSpan(0, Table.Rows * Table.Dim);

    /// <summary>Second moments, row-major like the table.</summary>
    public ReadOnlySpan<float> SecondMoments => _v.AsSpan(0, Table.Rows * Table.Dim);

    private protected override void EnsureState(int rows)
    {
        GrowState(ref _m, (long)rows * Table.Dim);
        GrowState(ref _v, (long)rows * Table.Dim);
    }

    private protected override void Apply(SparseGradient gradient)
    {
        var t = Interlocked.Increment(ref _step);
        var correction1 = 1.0 - Math.Pow(Beta1, t);
        var correction2 = 1.0 - Math.Pow(Beta2, t);
        var step = (float)(LearningRate * Math.Sqrt(correction2) / correction1);
        var values = Table.Buffer;
        var dim = Table.Dim;
        var lambda = Regularization;
        var rows = gradient.Rows;
        var counts = gradient.Counts;
        for (var k = 0; k < rows.Length; k++)
        {
            var offset = rows[k] * dim;
            var w = values.AsSpan(offset, dim);
            var g = gradient.SlotValues(k);
            AddRegularization(g, w, lambda * counts[k]);
            FusedKernels.AdamRow(w, _m.AsSpan(offset, dim), _v.AsSpan(offset, dim), g, Beta1, Beta2, step, Epsilon);
        }
    }
}
