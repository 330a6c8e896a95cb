using Microsoft.EntityFrameworkCore;

namespace Recommender.Data;

/// <summary>Brings a database, new or old, to the current schema.</summary>
public static class DatabaseInitializer
{
    /// <summary>Switches the file to WAL journaling and applies pending migrations.</summary>
    /// <remarks>WAL is a property of the file, so it is set once here rather than per connection.
    /// It lets readers run while a writer commits. In-memory databases stay in "memory" mode.</remarks>
    public static async Task InitializeAsync(RecommenderDbContext db, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
                await db.Database.MigrateAsync(cancellationToken);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        });
    }
}
