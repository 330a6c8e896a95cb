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
    /// DSGD/LIBMF-style blocks: users and movies are split into G groups each (G a multiple of the thread count,
    /// chosen so a group's rows fit in L2), and each epoch runs G sub-epochs in a seeded order; sub-epoch s trains the
    /// G independent blocks (i, (i + s) mod G), spread over the threads, so no two threads ever touch the same row.
    /// Reproducible for a fixed seed and thread count, cache-friendly on large tables, at the price of a barrier per
    /// sub-epoch.
    /// </summary>
    Partitioned,
}
