namespace Recommender.Data;

/// <summary>What a bulk ingestion stored.</summary>
/// <param name="Accepted">Rows written (inserted or updated).</param>
/// <param name="NewUsers">Users created because they rated for the first time.</param>
public readonly record struct IngestResult(long Accepted, long NewUsers);
