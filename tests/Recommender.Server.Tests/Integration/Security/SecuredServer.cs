using System.Security.Cryptography;
using System.Text;
using Grpc.Core;

namespace Recommender.Server.Tests.Integration.Security;

/// <summary>
/// A server with one key per role: reader and admin as plain development keys, writer as a
/// configured SHA-256, so both configuration forms are in play.
/// </summary>
public sealed class SecuredServer : IAsyncLifetime
{
    public const string ReaderKey = "reader-key-0123456789abcdef";
    public const string WriterKey = "writer-key-0123456789abcdef";
    public const string AdminKey = "admin-key-0123456789abcdef";

    public TestServer Server { get; private set; } = null!;

    public static Dictionary<string, string?> KeySettings() => new()
    {
        ["Recommender:Auth:Keys:0:Name"] = "reader-app",
        ["Recommender:Auth:Keys:0:Role"] = "reader",
        ["Recommender:Auth:Keys:0:Key"] = ReaderKey,
        ["Recommender:Auth:Keys:1:Name"] = "writer-app",
        ["Recommender:Auth:Keys:1:Role"] = "writer",
        ["Recommender:Auth:Keys:1:KeyHash"] = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(WriterKey))),
        ["Recommender:Auth:Keys:2:Name"] = "ops",
        ["Recommender:Auth:Keys:2:Role"] = "admin",
        ["Recommender:Auth:Keys:2:Key"] = AdminKey,
    };

    public static Metadata Bearer(string key) => new() { { "authorization", "Bearer " + key } };

    public static Metadata ApiKeyHeader(string key) => new() { { "x-api-key", key } };

    public Task InitializeAsync()
    {
        Server = TestServer.Start(settings: KeySettings());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
