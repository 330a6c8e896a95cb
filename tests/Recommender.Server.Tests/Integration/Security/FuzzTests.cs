using System.Security.Cryptography;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using Recommender.Server.Tests.Infrastructure;

namespace Recommender.Server.Tests.Integration.Security;

/// <summary>
/// Thousands of seeded, randomly malformed requests to every RPC: none may end in UNKNOWN or
/// INTERNAL, every INVALID_ARGUMENT carries a field violation, no write succeeds, and the database
/// file is byte-for-byte what it was.
/// </summary>
public sealed class FuzzTests
{
    private const int Calls = 2000;
    private const int OverLimit = 50;

    [Fact]
    public void Classification_CoversEveryRpc()
    {
        var classified = MalformedRequests.Writing.Concat(MalformedRequests.ReadOnly).Order(StringComparer.Ordinal);

        Assert.Equal(DynamicCalls.AllMethods.Select(m => m.FullName).Order(StringComparer.Ordinal), classified);
    }

    [Fact]
    public async Task MalformedRequests_EveryRpc_NeverInternalAndDatabaseUnchanged()
    {
        // Arrange: a trained model on a seeded database, then the same file served with small limits.
        var databasePath = TestServer.NewDatabasePath();
        await using (var seeding = TestServer.Start(databasePath))
        {
            await PlantedTastes.SeedAsync(seeding);
            await PlantedTastes.TrainAsync(seeding, epochs: 10);
        }

        await using var server = TestServer.Start(databasePath, new Dictionary<string, string?>
        {
            ["Recommender:Limits:MaxMoviesPerUpsert"] = $"{OverLimit}",
            ["Recommender:Limits:MaxRatingsPerStream"] = $"{OverLimit}",
            ["Recommender:Limits:MaxIdsPerRequest"] = $"{OverLimit}",
            // Thousands of failed calls would each log a warning line.
            ["Logging:LogLevel:Recommender.Requests"] = "Error",
        });
        var before = await FileDigestAsync(server.DatabasePath);
        var generator = new MalformedRequests(seed: 20261130, OverLimit);
        var random = new Random(7);
        var invoker = server.Channel.CreateCallInvoker();
        var problems = new List<string>();
        var seen = new HashSet<StatusCode>();

        // Act
        for (var i = 0; i < Calls; i++)
        {
            var method = DynamicCalls.AllMethods[random.Next(DynamicCalls.AllMethods.Count)];
            var requests = generator.Next(method);
            var error = await DynamicCalls.CallForErrorAsync(invoker, method, requests);
            var code = error?.StatusCode ?? StatusCode.OK;
            seen.Add(code);
            if (code is StatusCode.Unknown or StatusCode.Internal)
            {
                problems.Add($"#{i} {method.Name}: {code} {error?.Status.Detail} for {requests[0]}");
            }
            else if (code == StatusCode.OK && MalformedRequests.Writing.Contains(method.FullName))
            {
                problems.Add($"#{i} {method.Name}: a poisoned write succeeded: {requests[0]}");
            }
            else if (code == StatusCode.InvalidArgument && error!.GetRpcStatus()?.GetDetail<BadRequest>() is not { FieldViolations.Count: > 0 })
            {
                problems.Add($"#{i} {method.Name}: INVALID_ARGUMENT without a field violation: {error!.Status.Detail}");
            }
        }

        var after = await FileDigestAsync(server.DatabasePath);

        // Assert
        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(20)));
        // The generator reaches past validation too: some calls succeed, some find nothing.
        Assert.Superset(new HashSet<StatusCode> { StatusCode.OK, StatusCode.InvalidArgument, StatusCode.ResourceExhausted, StatusCode.NotFound }, seen);
        Assert.Equal(before, after);
    }

    /// <summary>SHA-256 of the database file once the WAL is folded in and truncated, so the file alone holds everything.</summary>
    private static async Task<string> FileDigestAsync(string path)
    {
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            Assert.Equal(0, reader.GetInt32(0));
        }

        var wal = path + "-wal";
        Assert.True(!File.Exists(wal) || new FileInfo(wal).Length == 0, "the WAL still holds pages after the checkpoint");
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return Convert.ToHexString(await SHA256.HashDataAsync(stream));
    }
}
