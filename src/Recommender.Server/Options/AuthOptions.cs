namespace Recommender.Server.Options;

/// <summary>The <c>Recommender:Auth</c> section: API keys and the open-server escape hatch.</summary>
public sealed class AuthOptions
{
    /// <summary>
    /// Lets a server without keys bind a non-loopback address (everyone who can reach it is admin).
    /// Meant for a private network behind another gateway; off by default.
    /// </summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>Accepted keys. None: the server runs open, on loopback only.</summary>
    public List<ApiKeyOptions> Keys { get; set; } = [];
}

/// <summary>One API key: who holds it, what it may do, and its SHA-256.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>Who holds the key; appears in logs, never the key itself.</summary>
    public string Name { get; set; } = "";

    /// <summary><c>reader</c>, <c>writer</c> or <c>admin</c>.</summary>
    public string Role { get; set; } = "";

    /// <summary>Hex SHA-256 of the key (<c>recommender hash-key &lt;key&gt;</c> prints it).</summary>
    public string? KeyHash { get; set; }

    /// <summary>The key in plain text, for development only; hashed at start-up.</summary>
    public string? Key { get; set; }
}
