using Google.Protobuf;
using Grpc.Core;
using Recommender.Contracts.V1;
using Recommender.Server.Tests.Infrastructure;

namespace Recommender.Server.Tests.Integration.Security;

/// <summary>Every RPC × every credential, generated from the service descriptors.</summary>
public sealed class AuthorizationMatrixTests(SecuredServer fixture) : IClassFixture<SecuredServer>
{
    /// <summary>The weakest role each RPC admits (the contract of the issue); reader &lt; writer &lt; admin.</summary>
    private static readonly Dictionary<string, string> s_minimumRole = new()
    {
        ["recommender.v1.CatalogService.UpsertMovies"] = "writer",
        ["recommender.v1.CatalogService.GetMovie"] = "reader",
        ["recommender.v1.CatalogService.ListMovies"] = "reader",
        ["recommender.v1.RatingService.AddRating"] = "writer",
        ["recommender.v1.RatingService.IngestRatings"] = "writer",
        ["recommender.v1.RatingService.IngestRatingBatches"] = "writer",
        ["recommender.v1.RatingService.DeleteRating"] = "admin",
        ["recommender.v1.RatingService.GetUserRatings"] = "reader",
        ["recommender.v1.ModelService.Train"] = "admin",
        ["recommender.v1.ModelService.CancelTraining"] = "admin",
        ["recommender.v1.ModelService.GetModel"] = "reader",
        ["recommender.v1.ModelService.GetEmbeddings"] = "reader",
        ["recommender.v1.RecommendationService.RecommendForUser"] = "reader",
        ["recommender.v1.RecommendationService.SimilarMovies"] = "reader",
        ["recommender.v1.RecommendationService.SimilarUsers"] = "reader",
        ["recommender.v1.RecommendationService.PredictRatings"] = "reader",
    };

    private static readonly string[] s_roleOrder = ["reader", "writer", "admin"];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var method in DynamicCalls.AllMethods)
        {
            foreach (var credential in new[] { "none", "wrong", "reader", "writer", "admin" })
            {
                data.Add(method.FullName, credential);
            }
        }

        return data;
    }

    [Fact]
    public void MinimumRoles_CoverEveryRpcOfTheServices()
    {
        var rpcs = DynamicCalls.AllMethods.Select(m => m.FullName).Order(StringComparer.Ordinal);

        Assert.Equal(rpcs, s_minimumRole.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Call_WithCredential_IsAllowedOrRefusedByRole(string rpc, string credential)
    {
        // Arrange
        var method = DynamicCalls.Find(rpc);
        var headers = credential switch
        {
            "none" => null,
            "wrong" => SecuredServer.Bearer("not-a-key-of-this-server"),
            "reader" => SecuredServer.Bearer(SecuredServer.ReaderKey),
            "writer" => SecuredServer.Bearer(SecuredServer.WriterKey),
            _ => SecuredServer.Bearer(SecuredServer.AdminKey),
        };

        // Act
        var status = await DynamicCalls.CallAsync(fixture.Server.Channel.CreateCallInvoker(), method, [Probe(method)], headers);

        // Assert
        if (credential is "none" or "wrong")
        {
            Assert.Equal(StatusCode.Unauthenticated, status.StatusCode);
        }
        else if (Array.IndexOf(s_roleOrder, credential) < Array.IndexOf(s_roleOrder, s_minimumRole.GetValueOrDefault(rpc, "admin")))
        {
            Assert.Equal(StatusCode.PermissionDenied, status.StatusCode);
            Assert.Contains(credential, status.Detail, StringComparison.Ordinal);
        }
        else
        {
            // Admitted: the handler ran and answered with its own status (OK, or a validation error for the probe).
            Assert.Contains(status.StatusCode, new[] { StatusCode.OK, StatusCode.InvalidArgument, StatusCode.NotFound, StatusCode.FailedPrecondition });
        }
    }

    /// <summary>A request that cannot change anything: empty, except Train, which gets an invalid size so it never starts a run.</summary>
    private static IMessage Probe(Google.Protobuf.Reflection.MethodDescriptor method) =>
        method.InputType.ClrType == typeof(TrainRequest)
            ? new TrainRequest { Dimensions = -1 }
            : (IMessage)Activator.CreateInstance(method.InputType.ClrType)!;
}
