using Recommender.Core.Embeddings;

namespace Recommender.Core.Tests.Embeddings;

public sealed class FactorModelTests
{
    [Fact]
    public void Predict_KnownTables_MeanPlusBiasesPlusDot()
    {
        // Arrange
        var p = new EmbeddingTable([1f, 2f, 3f, 4f], 2, 2);
        var q = new EmbeddingTable([0.5f, -1f], 1, 2);
        var bu = new EmbeddingTable([0.1f, 0.2f], 2, 1);
        var bm = new EmbeddingTable([-0.3f], 1, 1);
        var model = new FactorModel(3f, p, q, bu, bm);

        // Act
        var prediction = model.Predict(1, 0);

        // Assert
        Assert.Equal(3f + 0.2f - 0.3f + (3f * 0.5f) - 4f, prediction, 5);
        Assert.Equal(2, model.Dimensions);
    }

    [Fact]
    public void Constructor_BiasShapeMismatch_Throws() =>
        Assert.Throws<ArgumentException>(() => new FactorModel(
            3f, EmbeddingTable.Zeros(2, 4), EmbeddingTable.Zeros(3, 4), EmbeddingTable.Zeros(1, 1), EmbeddingTable.Zeros(3, 1)));
}
