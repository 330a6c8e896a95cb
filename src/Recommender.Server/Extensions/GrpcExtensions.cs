using Grpc.AspNetCore.Server;
using Microsoft.Extensions.Options;
using Recommender.Server.Hosting;
using Recommender.Server.Interceptors;
using Recommender.Server.Options;
using Recommender.Server.Services;

namespace Recommender.Server.Extensions;

internal static class GrpcExtensions
{
    private static readonly string[] s_serviceNames =
    [
        "recommender.v1.CatalogService",
        "recommender.v1.RatingService",
        "recommender.v1.ModelService",
        "recommender.v1.RecommendationService",
    ];

    /// <summary>gRPC with its limits and interceptors, health (per service) and reflection.</summary>
    public static IHostApplicationBuilder AddRecommenderGrpc(this IHostApplicationBuilder builder)
    {
        builder.Services.AddGrpc(o =>
        {
            o.EnableDetailedErrors = builder.Environment.IsDevelopment();
            // Outermost first: the request log sees the status the mapping chose.
            o.Interceptors.Add<RequestLoggingInterceptor>();
            o.Interceptors.Add<ExceptionMappingInterceptor>();
        });
        builder.Services.AddOptions<GrpcServiceOptions>().Configure<IOptions<RecommenderOptions>>((grpc, recommender) =>
        {
            grpc.MaxReceiveMessageSize = recommender.Value.Limits.MaxMessageBytes;
            grpc.MaxSendMessageSize = recommender.Value.Limits.MaxMessageBytes;
        });
        builder.Services.AddGrpcReflection();
        builder.Services.AddGrpcHealthChecks(o =>
        {
            // Every service is SERVING exactly when the server as a whole is ready.
            foreach (var name in s_serviceNames)
            {
                o.Services.Map(name, _ => true);
            }
        }).AddCheck<ReadinessHealthCheck>("readiness");
        return builder;
    }

    /// <summary>Maps the recommender services, health and reflection.</summary>
    public static WebApplication MapRecommenderGrpc(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGrpcService<CatalogService>();
        app.MapGrpcService<RatingService>();
        app.MapGrpcService<ModelService>();
        app.MapGrpcService<RecommendationService>();
        // Load balancers and grpcurl must work without a key.
        app.MapGrpcHealthChecksService().AllowAnonymous();
        app.MapGrpcReflectionService().AllowAnonymous();
        return app;
    }
}
