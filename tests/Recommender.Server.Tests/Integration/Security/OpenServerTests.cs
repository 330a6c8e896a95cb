using Grpc.Core;
using Grpc.Net.Client;
using Recommender.Contracts.V1;
using Recommender.Server.Tests.Infrastructure;

namespace Recommender.Server.Tests.Integration.Security;

/// <summary>The rules for a server without keys, and start-up refusals for unsafe or malformed security settings.</summary>
public sealed class OpenServerTests
{
    [Fact]
    public async Task OpenServer_OnLoopback_AdmitsCallsWithoutKeyAsAdmin()
    {
        await using var server = TestServer.Start();

        var response = await server.Models.CancelTrainingAsync(new CancelTrainingRequest()).ResponseAsync.WithTimeout();

        Assert.False(response.Cancelled);
    }

    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://*:0")]
    [InlineData("http://[::]:0")]
    public void Start_NonLoopbackWithoutKeys_RefusesAndTouchesNoDatabase(string url)
    {
        // Arrange
        var databasePath = TestServer.NewDatabasePath();
        var settings = new Dictionary<string, string?> { ["Kestrel:Endpoints:Grpc:Url"] = url };

        // Act
        var error = Record.Exception(() => TestServer.Start(databasePath, settings));

        // Assert
        Assert.NotNull(error);
        Assert.Contains("Refusing to start", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Recommender:Auth:AllowAnonymous=true", error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(databasePath));
    }

    [Fact]
    public async Task Start_NonLoopbackWithAllowAnonymous_Serves()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Grpc:Url"] = "http://0.0.0.0:0",
            ["Recommender:Auth:AllowAnonymous"] = "true",
        };
        await using var server = TestServer.Start(settings: settings);
        using var channel = LoopbackChannel(server);

        var response = await new CatalogService.CatalogServiceClient(channel).ListMoviesAsync(new ListMoviesRequest()).ResponseAsync.WithTimeout();

        Assert.Empty(response.Movies);
    }

    [Fact]
    public async Task Start_NonLoopbackWithKeys_ServesAndRequiresKeys()
    {
        var settings = SecuredServer.KeySettings();
        settings["Kestrel:Endpoints:Grpc:Url"] = "http://0.0.0.0:0";
        await using var server = TestServer.Start(settings: settings);
        using var channel = LoopbackChannel(server);

        var error = await Assert.ThrowsAsync<RpcException>(() => new CatalogService.CatalogServiceClient(channel).ListMoviesAsync(new ListMoviesRequest()).ResponseAsync.WithTimeout());

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Theory]
    [InlineData("Role", "superuser", "Role must be reader, writer or admin")]
    [InlineData("KeyHash", "abc123", "KeyHash must be 64 hex digits")]
    [InlineData("Name", "", "Name is required")]
    public void Start_MalformedKey_RefusesNamingTheSetting(string setting, string value, string expected)
    {
        // Arrange
        var settings = SecuredServer.KeySettings();
        settings.Remove("Recommender:Auth:Keys:1:Key");
        settings["Recommender:Auth:Keys:1:" + setting] = value;

        // Act
        var error = Record.Exception(() => TestServer.Start(settings: settings));

        // Assert
        Assert.NotNull(error);
        Assert.Contains("Recommender:Auth:Keys:1", error.ToString(), StringComparison.Ordinal);
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Start_KeyWithBothHashAndPlainKey_Refuses()
    {
        var settings = SecuredServer.KeySettings();
        settings["Recommender:Auth:Keys:1:Key"] = "also-plain";

        var error = Record.Exception(() => TestServer.Start(settings: settings));

        Assert.NotNull(error);
        Assert.Contains("needs exactly one of KeyHash", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A server bound to every interface reports 0.0.0.0, which is no address to connect to; loopback reaches it.</summary>
    private static GrpcChannel LoopbackChannel(TestServer server)
    {
        var port = server.Channel.Target[(server.Channel.Target.LastIndexOf(':') + 1)..];
        return GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
    }
}
