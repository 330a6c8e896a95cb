using Api = Recommender.Contracts.V1;

namespace Recommender.Server.Services;

/// <summary>Training and model inspection (implemented by the learning issue).</summary>
internal sealed class ModelService : Api.ModelService.ModelServiceBase
{
}
