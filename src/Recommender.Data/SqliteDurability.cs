namespace Recommender.Data;

/// <summary>How hard SQLite works to keep a commit, and how long a writer waits for the lock.</summary>
/// <param name="Synchronous">
/// <see cref="SynchronousMode.Full"/>: every commit is fsynced before it returns, so an acknowledged
/// write survives a power loss. <see cref="SynchronousMode.Normal"/>: the commit is in the WAL file
/// (the OS cache) when it returns, which survives a crash of the process but not of the machine.
/// </param>
/// <param name="BusyTimeoutSeconds">How long a statement waits (with backoff) for another writer's lock.</param>
public sealed record SqliteDurability(SynchronousMode Synchronous = SynchronousMode.Full, int BusyTimeoutSeconds = 10)
{
    /// <summary>The defaults: FULL and ten seconds.</summary>
    public static SqliteDurability Default { get; } = new();

    /// <summary>The per-connection pragmas these settings stand for.</summary>
    internal string Pragmas =>
        $"PRAGMA synchronous = {(Synchronous == SynchronousMode.Full ? "FULL" : "NORMAL")}; " +
        $"PRAGMA busy_timeout = {checked(BusyTimeoutSeconds * 1000)};";
}

/// <summary>SQLite's <c>synchronous</c> settings that make sense under WAL.</summary>
public enum SynchronousMode
{
    /// <summary>fsync the WAL at every commit.</summary>
    Full,

    /// <summary>fsync only at checkpoints.</summary>
    Normal,
}
