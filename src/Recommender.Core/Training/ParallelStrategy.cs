namespace Recommender.Core.Training;

/// <summary>How the trainer spreads an epoch over threads.</summary>
public enum ParallelStrategy
{
    /// <summary>
    /// Lock-free Hogwild: each thread trains on its own slice of the ratings and writes shared rows without locks.
    /// Rare collisions lose an update; results with more than one thread are not reproducible.
    /// </summary>
    Hogwild,

    /// <summary>
    /// DSGD-style blocks: users and movies are split into T groups each, and in each of T sub-epochs thread t
    /// trains block (t, (t + s) mod T), so no two threads ever touch the same row. Reproducible for a fixed
    /// seed and thread count, at the price of a barrier per sub-epoch and load imbalance between blocks.
    /// </summary>
    Partitioned,
}
