using Microsoft.Extensions.Configuration;
using Recommender.Server.Security;

namespace Recommender.Server.Tests.Unit;

public sealed class AnonymousAccessGuardTests
{
    [Theory]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://LOCALHOST:5080", true)]
    [InlineData("http://127.0.0.1:0", true)]
    [InlineData("http://127.5.0.1:80", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("https://localhost", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://*:5080", false)]
    [InlineData("http://+:5080", false)]
    [InlineData("http://[::]:5080", false)]
    [InlineData("http://192.168.1.4:5080", false)]
    [InlineData("http://recommender.example.com:5080", false)]
    [InlineData("localhost:5080", false)]
    public void IsLoopback_Url_MatchesWhatKestrelBinds(string url, bool expected) =>
        Assert.Equal(expected, AnonymousAccessGuard.IsLoopback(url));

    [Fact]
    public void NonLoopbackUrls_ReadsEndpointsUrlsAndPorts()
    {
        // Arrange
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Grpc:Url"] = "http://localhost:5080",
            ["Kestrel:Endpoints:Public:Url"] = "http://0.0.0.0:6000",
            ["urls"] = "http://127.0.0.1:7000;http://*:7001",
            ["http_ports"] = "8080",
        }).Build();

        // Act
        var exposed = AnonymousAccessGuard.NonLoopbackUrls(configuration);

        // Assert
        Assert.Equal(["http://0.0.0.0:6000", "http://*:7001", "http_ports=8080"], exposed);
    }
}
