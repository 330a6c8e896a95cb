using Api = Recommender.Contracts.V1;

namespace Recommender.Server.Services;

/// <summary>Nearest-neighbour queries (implemented by the serving issue).</summary>
internal sealed class RecommendationService : Api.RecommendationService.RecommendationServiceBase
{
}
