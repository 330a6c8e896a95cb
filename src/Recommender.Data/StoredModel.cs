using Recommender.Core.Embeddings;

namespace Recommender.Data;

/// <summary>A model with the keys and external ids of its user and movie rows.</summary>
public sealed record StoredModel(ModelHeader Header, FactorModel Model, int[] UserKeys, string[] UserIds, int[] MovieKeys, string[] MovieIds);
