using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Recommender.Data.Tests;

public sealed class MigrationTests
{
    [Fact]
    public void Model_HasNoChangesMissingAMigration()
    {
        using var database = new SqliteDatabase();
        using var db = database.CreateContext();

        Assert.False(db.Database.HasPendingModelChanges());
    }

    [Fact]
    public async Task InitializeAsync_EmptyFile_CreatesSchemaInWalMode()
    {
        // Arrange
        var path = Path.Combine(Path.GetTempPath(), $"recommender-data-{Guid.NewGuid():N}.db");
        var options = new DbContextOptionsBuilder<RecommenderDbContext>();
        options.UseRecommenderSqlite(path);

        // Act
        await using (var db = new RecommenderDbContext(options.Options))
        {
            await DatabaseInitializer.InitializeAsync(db, CancellationToken.None);
        }

        // Assert
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        Assert.Equal("wal", Scalar(connection, "PRAGMA journal_mode"));
        var tables = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Superset(new HashSet<string> { "Users", "Movies", "Ratings", "Models", "ModelFactors", "TrainingRuns", "__EFMigrationsHistory" }, tables.ToHashSet());
    }

    [Fact]
    public async Task Connection_OpenedThroughContext_HasForeignKeysAndBusyTimeout()
    {
        // A file database: EF opens the connection itself, as the server does.
        var options = new DbContextOptionsBuilder<RecommenderDbContext>();
        options.UseRecommenderSqlite(Path.Combine(Path.GetTempPath(), $"recommender-data-{Guid.NewGuid():N}.db"));
        await using var db = new RecommenderDbContext(options.Options);
        await db.Database.OpenConnectionAsync();
        var connection = (SqliteConnection)db.Database.GetDbConnection();

        Assert.Equal("1", Scalar(connection, "PRAGMA foreign_keys"));
        Assert.Equal("10000", Scalar(connection, "PRAGMA busy_timeout"));
    }

    private static string? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
