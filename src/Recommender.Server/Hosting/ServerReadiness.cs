namespace Recommender.Server.Hosting;

/// <summary>What start-up has finished; read by the health checks.</summary>
public sealed class ServerReadiness
{
    private volatile bool _databaseReady;
    private volatile bool _modelLoaded;

    /// <summary>Migrations ran and the database accepts queries.</summary>
    public bool DatabaseReady => _databaseReady;

    /// <summary>The active model (if any) is loaded.</summary>
    public bool ModelLoaded => _modelLoaded;

    internal void MarkDatabaseReady() => _databaseReady = true;

    internal void MarkModelLoaded() => _modelLoaded = true;
}
