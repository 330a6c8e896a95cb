using Recommender.Core.Embeddings;

namespace Recommender.Core.Tests;

public sealed class CoreDependencyTests
{
    [Fact]
    public void CoreAssembly_References_NoAspNetCoreEfCoreOrGrpc()
    {
        // Arrange
        var forbidden = new[] { "Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore", "Grpc" };

        // Act
        var references = typeof(EmbeddingTable).Assembly.GetReferencedAssemblies();

        // Assert
        Assert.NotEmpty(references);
        foreach (var reference in references)
        {
            foreach (var prefix in forbidden)
            {
                Assert.False(
                    reference.Name!.StartsWith(prefix, StringComparison.OrdinalIgnoreCase),
                    $"Recommender.Core references {reference.Name}");
            }
        }
    }
}
