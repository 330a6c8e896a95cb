using System.Security.Cryptography;
using System.Text;
using Recommender.Cli;
using Recommender.Contracts.V1;
using Recommender.Server.Tests.Infrastructure;
using Recommender.Server.Tests.Integration;
using Recommender.Server.Tests.Integration.Security;

namespace Recommender.Server.Tests.Cli;

/// <summary>The CLI against a server with keys: which key is sent, what a refusal says, and its exit code.</summary>
public sealed class AuthCommandTests(SecuredServer fixture) : IClassFixture<SecuredServer>
{
    private TestServer Server => fixture.Server;

    [Fact]
    public async Task Ratings_NoKey_ExitsAuthFailedSayingHowToPassOne()
    {
        var result = await Server.RunCliAsync("ratings", "u1");

        Assert.Equal(ExitCodes.AuthFailed, result.ExitCode);
        Assert.Contains("UNAUTHENTICATED", result.Error, StringComparison.Ordinal);
        Assert.Contains("--api-key <key> or set RECOMMENDER_API_KEY", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ratings_WrongKey_ExitsAuthFailedSayingTheKeyWasRefused()
    {
        var result = await Server.RunCliAsync("--api-key", "not-the-key", "ratings", "u1");

        Assert.Equal(ExitCodes.AuthFailed, result.ExitCode);
        Assert.Contains("did not accept the key", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ratings_ReaderKeyOption_Succeeds()
    {
        var result = await Server.RunCliAsync("--api-key", SecuredServer.ReaderKey, "--json", "ratings", "u1");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
    }

    [Fact]
    public async Task Ratings_ReaderKeyFromEnvironment_Succeeds()
    {
        var variables = new Dictionary<string, string> { [CliSettings.ApiKeyVariable] = SecuredServer.ReaderKey };

        var result = await CliHarness.RunAsync(["--server", Server.Address(), "--json", "ratings", "u1"], variables);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
    }

    [Fact]
    public async Task Rate_ReaderKey_ExitsAuthFailedNamingTheRole()
    {
        // Arrange
        await Server.Catalog.UpsertMoviesAsync(new UpsertMoviesRequest { Movies = { Fixtures.Movie("cli-auth-movie") } }, SecuredServer.Bearer(SecuredServer.WriterKey)).ResponseAsync.WithTimeout();

        // Act
        var result = await Server.RunCliAsync("--api-key", SecuredServer.ReaderKey, "rate", "cli-user", "cli-auth-movie", "4");

        // Assert
        Assert.Equal(ExitCodes.AuthFailed, result.ExitCode);
        Assert.Contains("PERMISSION_DENIED", result.Error, StringComparison.Ordinal);
        Assert.Contains("role 'reader'", result.Error, StringComparison.Ordinal);
    }
}

public sealed class HashKeyCommandTests
{
    private const string Key = "s3cret-key-for-tests-0123456789";

    [Fact]
    public async Task HashKey_Key_PrintsItsSha256AndAConfigSnippet()
    {
        var result = await CliHarness.RunAsync(["hash-key", Key, "--name", "billing", "--role", "writer"]);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key)));
        Assert.Equal(expected, result.Output.Trim());
        Assert.Contains($"\"KeyHash\": \"{expected}\"", result.Error, StringComparison.Ordinal);
        Assert.Contains("Recommender__Auth__Keys__0__Role=writer", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HashKey_ShortKey_IsUsageError()
    {
        var result = await CliHarness.RunAsync(["hash-key", "short"]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task HashKey_Output_IsAcceptedByTheServerAsKeyHash()
    {
        // Arrange
        var hash = (await CliHarness.RunAsync(["hash-key", Key])).Output.Trim();
        await using var server = TestServer.Start(settings: new Dictionary<string, string?>
        {
            ["Recommender:Auth:Keys:0:Name"] = "cli",
            ["Recommender:Auth:Keys:0:Role"] = "reader",
            ["Recommender:Auth:Keys:0:KeyHash"] = hash,
        });

        // Act
        var result = await server.RunCliAsync("--api-key", Key, "--json", "ratings", "u1");

        // Assert
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
    }
}
