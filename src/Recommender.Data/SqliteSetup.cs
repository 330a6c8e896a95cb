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
    public static string ConnectionStringFor(string databasePath) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            ForeignKeys = true,
            Pooling = true,
            // Microsoft.Data.Sqlite retries SQLITE_BUSY for up to this many seconds.
            DefaultTimeout = 30,
        }.ToString();

    /// <summary>Configures EF Core for the recommender database file at <paramref name="databasePath"/>.</summary>
    public static DbContextOptionsBuilder UseRecommenderSqlite(this DbContextOptionsBuilder builder, string databasePath) =>
        builder
            .UseSqlite(ConnectionStringFor(databasePath), o => o.MigrationsAssembly(MigrationsAssembly))
            .AddInterceptors(SqlitePragmaInterceptor.Instance);

    /// <summary>Configures EF Core over an already open connection (in-memory databases in tests).</summary>
    public static DbContextOptionsBuilder UseRecommenderSqlite(this DbContextOptionsBuilder builder, DbConnection connection) =>
        builder
            .UseSqlite(connection, o => o.MigrationsAssembly(MigrationsAssembly))
            .AddInterceptors(SqlitePragmaInterceptor.Instance);

    /// <summary>Per-connection settings; SQLite forgets them when a connection closes.</summary>
    private sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
    {
        public static readonly SqlitePragmaInterceptor Instance = new();

        // synchronous=NORMAL under WAL: a committed transaction survives a crash of the process
        // (the WAL is written before commit returns) and only a power loss can drop the last
        // commits; FULL would add an fsync per commit for that case.
        // cache_size = -65536 (64 MiB, allocated only as pages are used): with SQLite's default
        // 2 MiB, a bulk upsert of a million ratings thrashes the rating indexes.
        private const string Pragmas = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;";

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

        public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Apply(connection);
            return Task.CompletedTask;
        }

        private static void Apply(DbConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }
    }
}
