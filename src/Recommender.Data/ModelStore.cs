using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Recommender.Core.Embeddings;
using Recommender.Data.Entities;

namespace Recommender.Data;

/// <summary>
/// Model snapshots in SQLite: a header row plus one factor row per user and movie, vectors
/// as little-endian float32 blobs. Publishing is one transaction, so a crash at any point
/// leaves the previous complete model active.
/// </summary>
public sealed class ModelStore(RecommenderDbContext db)
{
    /// <summary>Stores <paramref name="model"/> as the new active model and returns its version.</summary>
    /// <remarks>The model before it is kept (one step of history); older ones are deleted.</remarks>
    public async Task<long> PublishAsync(StoredModel model, float globalMean, CancellationToken cancellationToken)
    {
        await using var transaction = await SqliteBulk.BeginWriteAsync(db, cancellationToken);
        long version;
        using (var next = SqliteBulk.Command(db, "SELECT COALESCE(MAX(Id), 0) + 1 FROM Models"))
        {
            version = (long)next.ExecuteScalar()!;
        }

        var header = model.Header;
        db.Models.Add(new ModelEntity
        {
            Id = version,
            IsActive = false,
            IsComplete = false,
            Dimensions = model.Model.Dimensions,
            Users = model.Model.UserCount,
            Movies = model.Model.MovieCount,
            Ratings = header.Ratings,
            GlobalMean = globalMean,
            TrainRmse = header.TrainRmse,
            ValidationRmse = header.ValidationRmse,
            Epochs = header.Epochs,
            Optimizer = header.Optimizer,
            Objective = header.Objective,
            CalibrationScale = header.CalibrationScale,
            CalibrationOffset = header.CalibrationOffset,
            Parameters = header.Parameters,
            TrainedAt = header.TrainedAt,
        });
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();

        using (var insert = FactorInsert())
        {
            WriteFactors(insert, version, FactorKind.User, model.UserKeys, model.Model.UserFactors, model.Model.UserBias);
            WriteFactors(insert, version, FactorKind.Movie, model.MovieKeys, model.Model.MovieFactors, model.Model.MovieBias);
        }

        await db.Models.Where(m => m.IsActive).ExecuteUpdateAsync(s => s.SetProperty(m => m.IsActive, false), cancellationToken);
        await db.Models.Where(m => m.Id == version)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.IsActive, true).SetProperty(m => m.IsComplete, true), cancellationToken);
        await db.Models.Where(m => m.Id < version - 1).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return version;
    }

    /// <summary>The active, complete model, or null before the first one.</summary>
    public async Task<StoredModel?> LoadActiveAsync(CancellationToken cancellationToken)
    {
        var entity = await db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.IsActive && m.IsComplete, cancellationToken);
        if (entity is null)
        {
            return null;
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var users = ReadFactors(entity.Id, FactorKind.User, "Users", entity.Dimensions);
            var movies = ReadFactors(entity.Id, FactorKind.Movie, "Movies", entity.Dimensions);
            var model = new FactorModel(entity.GlobalMean, users.Vectors, movies.Vectors, users.Biases, movies.Biases);
            var header = new ModelHeader(
                entity.Id, entity.Dimensions, entity.Ratings, entity.TrainRmse, entity.ValidationRmse, entity.OnlineUpdates,
                entity.Epochs, entity.Optimizer, entity.Objective, entity.Parameters, DateTime.SpecifyKind(entity.TrainedAt, DateTimeKind.Utc),
                entity.CalibrationScale, entity.CalibrationOffset);
            return new StoredModel(header, model, users.Keys, users.Ids, movies.Keys, movies.Ids);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Writes one refitted user row of model <paramref name="version"/> (inserting it for a new user).</summary>
    public async Task SaveUserRowAsync(long version, int userKey, float[] vector, float bias, CancellationToken cancellationToken)
    {
        await using var transaction = await SqliteBulk.BeginWriteAsync(db, cancellationToken);
        using (var upsert = FactorInsert(" ON CONFLICT (ModelId, Kind, EntityId) DO UPDATE SET Bias = excluded.Bias, Vector = excluded.Vector"))
        {
            Bind(upsert, version, FactorKind.User, userKey, bias, vector);
            upsert.ExecuteNonQuery();
        }

        await db.Models.Where(m => m.Id == version)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.OnlineUpdates, m => m.OnlineUpdates + 1), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Records the start of a training run.</summary>
    public async Task<long> StartRunAsync(DateTime startedAt, CancellationToken cancellationToken)
    {
        var run = new TrainingRunEntity { StartedAt = startedAt, State = "running" };
        db.TrainingRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return run.Id;
    }

    /// <summary>Records how a training run ended.</summary>
    public Task FinishRunAsync(long runId, DateTime finishedAt, string state, string? error, long? modelVersion, CancellationToken cancellationToken) =>
        db.TrainingRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(
            s => s.SetProperty(r => r.FinishedAt, finishedAt).SetProperty(r => r.State, state)
                .SetProperty(r => r.Error, error).SetProperty(r => r.ModelId, modelVersion),
            cancellationToken);

    /// <summary>The error of the latest run if it failed, else null.</summary>
    public async Task<string?> LastRunErrorAsync(CancellationToken cancellationToken)
    {
        var last = await db.TrainingRuns.AsNoTracking().OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        return last is { State: "failed" } ? last.Error : null;
    }

    private SqliteCommand FactorInsert(string conflict = "") =>
        SqliteBulk.Command(
            db,
            "INSERT INTO ModelFactors (ModelId, Kind, EntityId, Bias, Vector) VALUES ($model, $kind, $entity, $bias, $vector)" + conflict,
            ("$model", SqliteType.Integer), ("$kind", SqliteType.Integer), ("$entity", SqliteType.Integer), ("$bias", SqliteType.Real), ("$vector", SqliteType.Blob));

    private static void WriteFactors(SqliteCommand insert, long version, FactorKind kind, int[] keys, EmbeddingTable vectors, EmbeddingTable biases)
    {
        for (var row = 0; row < keys.Length; row++)
        {
            Bind(insert, version, kind, keys[row], biases.Row(row)[0], vectors.Row(row));
            insert.ExecuteNonQuery();
        }
    }

    private static void Bind(SqliteCommand command, long version, FactorKind kind, int key, float bias, ReadOnlySpan<float> vector)
    {
        command.Parameters[0].Value = version;
        command.Parameters[1].Value = (int)kind;
        command.Parameters[2].Value = key;
        command.Parameters[3].Value = bias;
        command.Parameters[4].Value = MemoryMarshal.AsBytes(vector).ToArray();
    }

    private (EmbeddingTable Vectors, EmbeddingTable Biases, int[] Keys, string[] Ids) ReadFactors(long version, FactorKind kind, string entityTable, int dim)
    {
        var keys = new List<int>();
        var ids = new List<string>();
        var biases = new List<float>();
        var vectors = new List<float>();
        // entityTable is one of two constants, never input.
        using var select = SqliteBulk.Command(
            db,
            $"SELECT f.EntityId, e.ExternalId, f.Bias, f.Vector FROM ModelFactors f JOIN {entityTable} e ON e.Id = f.EntityId " +
            "WHERE f.ModelId = $model AND f.Kind = $kind ORDER BY f.EntityId",
            ("$model", SqliteType.Integer), ("$kind", SqliteType.Integer));
        select.Parameters[0].Value = version;
        select.Parameters[1].Value = (int)kind;
        using var reader = select.ExecuteReader();
        while (reader.Read())
        {
            keys.Add(reader.GetInt32(0));
            ids.Add(reader.GetString(1));
            biases.Add(reader.GetFloat(2));
            var blob = (byte[])reader.GetValue(3);
            if (blob.Length != dim * sizeof(float))
            {
                throw new InvalidDataException($"model {version}: a {kind} vector has {blob.Length} bytes, expected {dim * sizeof(float)}");
            }

            vectors.AddRange(MemoryMarshal.Cast<byte, float>(blob));
        }

        return (new EmbeddingTable([.. vectors], keys.Count, dim), new EmbeddingTable([.. biases], keys.Count, 1), [.. keys], [.. ids]);
    }
}
