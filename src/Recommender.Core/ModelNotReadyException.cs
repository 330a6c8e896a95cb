namespace Recommender.Core;

/// <summary>A query that needs a trained model arrived before the first model was published.</summary>
public sealed class ModelNotReadyException(string message) : Exception(message)
{
    /// <summary>Creates the exception with the standard advice.</summary>
    public ModelNotReadyException()
        : this("no model has been trained yet; run ModelService.Train (recommender train) first")
    {
    }
}
