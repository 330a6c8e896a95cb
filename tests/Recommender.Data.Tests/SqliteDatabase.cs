using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Recommender.Data.Tests;

/// <summary>One open in-memory SQLite connection per test class, migrated with the real migrations.</summary>
public sealed class SqliteDatabase : IDisposable
{
    private readonly SqliteConnection _connection = new("Filename=:memory:");

    public SqliteDatabase()
    {
        _connection.Open();
        using var db = CreateContext();
        db.Database.Migrate();
    }

    public RecommenderDbContext CreateContext()
    {
        var options = new DbContextOptionsBuilder<RecommenderDbContext>();
        options.UseRecommenderSqlite(_connection);
        return new RecommenderDbContext(options.Options);
    }

    public void Dispose() => _connection.Dispose();
}
