namespace Recommender.Core.Training;

/// <summary>The sparse optimizers the trainer can use.</summary>
public enum OptimizerKind
{
    /// <summary>Plain stochastic gradient descent on the touched rows ("sgd").</summary>
    Sgd,

    /// <summary>Row-wise Adagrad: one accumulator per row, as LIBMF and TorchRec's row-wise Adagrad ("adagrad").</summary>
    Adagrad,

    /// <summary>Lazy Adam as torch.optim.SparseAdam: only touched rows' moments move ("sparse_adam").</summary>
    SparseAdam,
}
