using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Recommender.Data;

/// <summary>
/// Raw, prepared SQLite commands under EF Core's own connection and transaction, for the
/// write paths where one SaveChanges per row would cost far more than the write itself.
/// </summary>
internal static class SqliteBulk
{
    /// <summary>Opens EF's connection and starts an immediate (write-locking) transaction.</summary>
    public static async Task<IDbContextTransaction> BeginWriteAsync(RecommenderDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        return await db.Database.BeginTransactionAsync(cancellationToken);
    }

    /// <summary>A command bound to EF's connection and current transaction, with typed parameters.</summary>
    public static SqliteCommand Command(RecommenderDbContext db, string sql, params (string Name, SqliteType Type)[] parameters)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var command = connection.CreateCommand();
        command.Transaction = (SqliteTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        foreach (var (name, type) in parameters)
        {
            command.Parameters.Add(name, type);
        }

        // Prepared once; later executions only rebind the parameter values.
        command.Prepare();
        return command;
    }
}
