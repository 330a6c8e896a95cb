using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Recommender.Data;

/// <summary>How every connection to the recommender database is opened.</summary>
public static class SqliteSetup
{
    /// <summary>The name of the assembly that holds the migrations.</summary>
    public const string MigrationsAssembly = "Recommender.Migrations";

    /// <summary>Builds the connection string for a database file.</summary>
    public static string ConnectionStringFor(string databasePath, SqliteDurability? durability = null) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            ForeignKeys = true,
            Pooling = true,
            // Microsoft.Data.Sqlite retries SQLITE_BUSY/SQLITE_LOCKED around each statement for up
            // to this many seconds, on top of SQLite's own busy handler; both share one budget.
            DefaultTimeout = (durability ?? SqliteDurability.Default).BusyTimeoutSeconds,
        }.ToString();

    /// <summary>Configures EF Core for the recommender database file at <paramref name="databasePath"/>.</summary>
    public static DbContextOptionsBuilder UseRecommenderSqlite(this DbContextOptionsBuilder builder, string databasePath, SqliteDurability? durability = null)
    {
        durability ??= SqliteDurability.Default;
        return builder
            .UseSqlite(ConnectionStringFor(databasePath, durability), o => o.MigrationsAssembly(MigrationsAssembly))
            .AddInterceptors(new SqlitePragmaInterceptor(durability));
    }

    /// <summary>Configures EF Core over an already open connection (in-memory databases in tests).</summary>
    public static DbContextOptionsBuilder UseRecommenderSqlite(this DbContextOptionsBuilder builder, DbConnection connection) =>
        builder
            .UseSqlite(connection, o => o.MigrationsAssembly(MigrationsAssembly))
            .AddInterceptors(new SqlitePragmaInterceptor(SqliteDurability.Default));

    /// <summary>Per-connection settings; SQLite forgets them when a connection closes.</summary>
    private sealed class SqlitePragmaInterceptor(SqliteDurability durability) : DbConnectionInterceptor
    {
        // synchronous and busy_timeout come from SqliteDurability (see there for the trade-off).
        // cache_size = -65536 (64 MiB, allocated only as pages are used): with SQLite's default
        // 2 MiB, a bulk upsert of a million ratings thrashes the rating indexes.
        private readonly string _pragmas = "PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536; " + durability.Pragmas;

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private void Apply(DbConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = _pragmas;
            command.ExecuteNonQuery();
        }
    }
}
