using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Recommender.Server.Options;

namespace Recommender.Server.Security;

/// <summary>
/// The configured keys as SHA-256 digests. A presented key is hashed and compared with every
/// digest in constant time, so neither the comparison nor the position of a match leaks timing.
/// </summary>
internal sealed class ApiKeyStore
{
    private readonly Entry[] _entries;

    public ApiKeyStore(IOptions<RecommenderOptions> options)
    {
        _entries = [.. options.Value.Auth.Keys.Select(k => new Entry(k.Name, k.Role.ToLowerInvariant(), Digest(k)))];
    }

    /// <summary>True when keys are configured; false means the server runs open.</summary>
    public bool Enabled => _entries.Length > 0;

    public bool TryFind(string key, [NotNullWhen(true)] out string? name, [NotNullWhen(true)] out string? role)
    {
        Span<byte> presented = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), presented);
        name = null;
        role = null;
        foreach (var entry in _entries)
        {
            if (CryptographicOperations.FixedTimeEquals(presented, entry.Digest) && name is null)
            {
                name = entry.Name;
                role = entry.Role;
            }
        }

        return name is not null;
    }

    private static byte[] Digest(ApiKeyOptions key) =>
        key.KeyHash is { Length: > 0 } hex ? Convert.FromHexString(hex) : SHA256.HashData(Encoding.UTF8.GetBytes(key.Key ?? ""));

    private sealed record Entry(string Name, string Role, byte[] Digest);
}
