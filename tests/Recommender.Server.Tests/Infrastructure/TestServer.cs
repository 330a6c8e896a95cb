using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Contracts.V1;

namespace Recommender.Server.Tests.Integration;

/// <summary>
/// The real server in-process on Kestrel (HTTP/2 over loopback), with its own SQLite file,
/// and generated clients over a real channel.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly Factory _factory;

    private TestServer(Factory factory, string databasePath, Uri address)
    {
        _factory = factory;
        DatabasePath = databasePath;
        Channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 * 1024 });
        Catalog = new CatalogService.CatalogServiceClient(Channel);
        Ratings = new RatingService.RatingServiceClient(Channel);
        Models = new ModelService.ModelServiceClient(Channel);
        Recommendations = new RecommendationService.RecommendationServiceClient(Channel);
        Health = new Health.HealthClient(Channel);
    }

    public string DatabasePath { get; }

    public GrpcChannel Channel { get; }

    public CatalogService.CatalogServiceClient Catalog { get; }

    public RatingService.RatingServiceClient Ratings { get; }

    public ModelService.ModelServiceClient Models { get; }

    public RecommendationService.RecommendationServiceClient Recommendations { get; }

    public Health.HealthClient Health { get; }

    public IServiceProvider Services => _factory.Services;

    /// <summary>Starts a server on a new database file, or on <paramref name="databasePath"/> to reopen one.</summary>
    public static TestServer Start(string? databasePath = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        databasePath ??= NewDatabasePath();
        var factory = new Factory(databasePath, settings ?? new Dictionary<string, string?>());
        factory.UseKestrel();
        factory.StartServer();
        var addresses = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        return new TestServer(factory, databasePath, new Uri(addresses.Addresses.First()));
    }

    public static string NewDatabasePath()
    {
        var folder = Path.Combine(Path.GetTempPath(), "recommender-tests");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, $"{Guid.NewGuid():N}.db");
    }

    /// <summary>Row counts of every table, read straight from the file, to prove a failed call changed nothing.</summary>
    public async Task<TableCounts> CountRowsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT (SELECT COUNT(*) FROM Users), (SELECT COUNT(*) FROM Movies), (SELECT COUNT(*) FROM Ratings), " +
            "(SELECT COALESCE(SUM(Value * ((UserId * 7919 + MovieId) % 10007) + RatedAt % 1000003), 0) FROM Ratings)";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new TableCounts(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetDouble(3));
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _factory.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }

    /// <summary>Users, movies, ratings and a checksum over rating values and times.</summary>
    public readonly record struct TableCounts(long Users, long Movies, long Ratings, double RatingChecksum);

    private sealed class Factory(string databasePath, IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Recommender:Database", databasePath);
            builder.UseSetting("Kestrel:Endpoints:Grpc:Url", "http://127.0.0.1:0");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
