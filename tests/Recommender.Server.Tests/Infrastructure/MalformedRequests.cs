using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
using Recommender.Contracts.V1;

namespace Recommender.Server.Tests.Infrastructure;

/// <summary>
/// Seeded random requests for any RPC, filled field by field from the message descriptors with
/// hostile values (NaN, ±∞, extreme integers, empty, over-long and control-character strings,
/// over-limit lists). Requests to RPCs that write are then "poisoned": one field is made
/// certainly invalid, so a server that validates correctly must change nothing.
/// </summary>
internal sealed class MalformedRequests(int seed, int overLimitCount)
{
    /// <summary>RPCs that can change the database, each with the poison that makes its request invalid.</summary>
    public static readonly HashSet<string> Writing =
    [
        "recommender.v1.CatalogService.UpsertMovies",
        "recommender.v1.RatingService.AddRating",
        "recommender.v1.RatingService.IngestRatings",
        "recommender.v1.RatingService.IngestRatingBatches",
        "recommender.v1.RatingService.DeleteRating",
        "recommender.v1.ModelService.Train",
    ];

    /// <summary>RPCs that change nothing whatever they are sent (CancelTraining: no run is going).</summary>
    public static readonly HashSet<string> ReadOnly =
    [
        "recommender.v1.CatalogService.GetMovie",
        "recommender.v1.CatalogService.ListMovies",
        "recommender.v1.RatingService.GetUserRatings",
        "recommender.v1.ModelService.CancelTraining",
        "recommender.v1.ModelService.GetModel",
        "recommender.v1.ModelService.GetEmbeddings",
        "recommender.v1.RecommendationService.RecommendForUser",
        "recommender.v1.RecommendationService.SimilarMovies",
        "recommender.v1.RecommendationService.SimilarUsers",
        "recommender.v1.RecommendationService.PredictRatings",
    ];

    private static readonly string[] s_hostileStrings =
    [
        "", " ", "\t", "a\nb", "\0", "x\u0001y", "|", "Drama|Comedy", "%00", "%s%n", "' OR 1=1 --", "\"; DROP TABLE Ratings; --",
        "../../etc/passwd", "\u202Eevil", "🎬🍿", "映画", "\uFEFF", "NaN", "-1", "null", "after:-5", "YWZ0ZXI6LTU=", "YWZ0ZXI6OTk5OTk5OTk5OTk5",
    ];

    private static readonly string[] s_knownIds = ["u0", "u1", "u25", "m0", "m3", "m20", "Action", "Horror"];

    private static readonly float[] s_hostileFloats =
    [
        float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.MaxValue, float.MinValue, float.Epsilon, -float.Epsilon,
        1e30f, -1e30f, 0f, -0f, 0.49f, 5.01f, 10f, -1f, 0.5f, 3f, 5f,
    ];

    private static readonly long[] s_hostileIntegers =
    [
        int.MinValue, int.MaxValue, -1, 0, 1, 2, 10, 999, 1000, 1001, 1024, 1025, 10_000, 10_001, 1_000_001, long.MaxValue, long.MinValue,
    ];

    private readonly Random _random = new(seed);

    /// <summary>The request messages of one call: one for unary and server-streaming RPCs, a stream for client-streaming ones.</summary>
    public IReadOnlyList<IMessage> Next(MethodDescriptor method)
    {
        var count = method.IsClientStreaming ? (_random.Next(4) == 0 ? overLimitCount + 1 : _random.Next(1, 12)) : 1;
        var messages = new List<IMessage>(count);
        for (var i = 0; i < count; i++)
        {
            messages.Add(RandomMessage(method.InputType, depth: 0));
        }

        if (Writing.Contains(method.FullName))
        {
            Poison(method.FullName, messages);
        }

        return messages;
    }

    private IMessage RandomMessage(MessageDescriptor descriptor, int depth)
    {
        var message = (IMessage)Activator.CreateInstance(descriptor.ClrType)!;
        if (message is Timestamp timestamp)
        {
            timestamp.Seconds = _random.Next(3) == 0 ? Pick(s_hostileIntegers) : _random.NextInt64(-100_000_000_000, 300_000_000_000);
            timestamp.Nanos = _random.Next(3) == 0 ? (int)Math.Clamp(Pick(s_hostileIntegers), int.MinValue, int.MaxValue) : _random.Next(1_000_000_000);
            return message;
        }

        foreach (var field in descriptor.Fields.InFieldNumberOrder())
        {
            if (_random.Next(10) < 3)
            {
                continue;
            }

            if (field.IsRepeated)
            {
                var list = (IList)field.Accessor.GetValue(message);
                var count = _random.Next(6) switch
                {
                    0 => 0,
                    1 => overLimitCount + 1 + _random.Next(50),
                    _ => _random.Next(1, 6),
                };
                for (var i = 0; i < count; i++)
                {
                    list.Add(RandomValue(field, depth));
                }
            }
            else
            {
                field.Accessor.SetValue(message, RandomValue(field, depth));
            }
        }

        return message;
    }

    private object RandomValue(FieldDescriptor field, int depth) => field.FieldType switch
    {
        FieldType.String => RandomString(),
        FieldType.Float => Pick(s_hostileFloats) is var f && _random.Next(4) == 0 ? (float)((_random.NextDouble() * 20) - 10) : f,
        FieldType.Double => (double)Pick(s_hostileFloats),
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => (int)Math.Clamp(Pick(s_hostileIntegers), int.MinValue, int.MaxValue),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => Pick(s_hostileIntegers),
        FieldType.UInt32 or FieldType.Fixed32 => (uint)_random.Next(),
        FieldType.UInt64 or FieldType.Fixed64 => (ulong)Pick(s_hostileIntegers),
        FieldType.Bool => _random.Next(2) == 0,
        // Out-of-range enum numbers are legal on the wire and must be handled too.
        FieldType.Enum => System.Enum.ToObject(field.EnumType.ClrType, _random.Next(4) == 0 ? 99 : field.EnumType.Values[_random.Next(field.EnumType.Values.Count)].Number),
        FieldType.Message => depth < 2 ? RandomMessage(field.MessageType, depth + 1) : Activator.CreateInstance(field.MessageType.ClrType)!,
        _ => throw new NotSupportedException($"{field.FullName}: {field.FieldType}"),
    };

    private string RandomString() => _random.Next(8) switch
    {
        0 => Pick(s_hostileStrings),
        1 => new string((char)('a' + _random.Next(26)), 129 + _random.Next(1000)),
        2 => string.Concat(Enumerable.Range(0, _random.Next(1, 40)).Select(_ => (char)_random.Next(0x20, 0xD7FF))),
        3 or 4 => Pick(s_knownIds),
        _ => "x" + _random.Next(1000).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Makes one field of the request certainly invalid (or the stream certainly over its limit).</summary>
    private void Poison(string rpc, List<IMessage> messages)
    {
        switch (rpc)
        {
            case "recommender.v1.CatalogService.UpsertMovies":
                var movies = ((UpsertMoviesRequest)messages[0]).Movies;
                if (movies.Count == 0 || movies.Count > overLimitCount)
                {
                    movies.Add(new Movie());
                }

                PoisonMovie(movies[_random.Next(movies.Count)]);
                break;
            case "recommender.v1.RatingService.AddRating":
                var add = (AddRatingRequest)messages[0];
                PoisonRating(add.UserId, add.MovieId, add.Value, add.RatedAt, (u, m, v, t) => (add.UserId, add.MovieId, add.Value, add.RatedAt) = (u, m, v, t));
                break;
            case "recommender.v1.RatingService.IngestRatings":
                if (messages.Count <= overLimitCount)
                {
                    var row = (Rating)messages[_random.Next(messages.Count)];
                    PoisonRating(row.UserId, row.MovieId, row.Value, row.RatedAt, (u, m, v, t) => (row.UserId, row.MovieId, row.Value, row.RatedAt) = (u, m, v, t));
                }

                break;
            case "recommender.v1.RatingService.IngestRatingBatches":
                var batch = (IngestRatingBatchesRequest)messages[_random.Next(messages.Count)];
                batch.Ratings.Add(new Rating());
                var bad = batch.Ratings[_random.Next(batch.Ratings.Count)];
                PoisonRating(bad.UserId, bad.MovieId, bad.Value, bad.RatedAt, (u, m, v, t) => (bad.UserId, bad.MovieId, bad.Value, bad.RatedAt) = (u, m, v, t));
                break;
            case "recommender.v1.RatingService.DeleteRating":
                var delete = (DeleteRatingRequest)messages[0];
                if (_random.Next(2) == 0)
                {
                    delete.UserId = BadId();
                }
                else
                {
                    delete.MovieId = BadId();
                }

                break;
            case "recommender.v1.ModelService.Train":
                PoisonTrain((TrainRequest)messages[0]);
                break;
            default:
                throw new InvalidOperationException($"{rpc} writes but has no poison");
        }
    }

    private void PoisonMovie(Movie movie)
    {
        switch (_random.Next(4))
        {
            case 0:
                movie.MovieId = BadId();
                break;
            case 1:
                movie.Title = Pick(["", "   ", new string('t', 513 + _random.Next(1000))]);
                break;
            case 2:
                movie.Year = Pick([1799, 2201, -5, int.MaxValue, int.MinValue]);
                break;
            default:
                movie.Genres.Add(Pick(["", "a|b", new string('g', 65), "x\ny"]));
                break;
        }
    }

    private void PoisonRating(string user, string movie, float value, Timestamp? ratedAt, Action<string, string, float, Timestamp?> set)
    {
        switch (_random.Next(4))
        {
            case 0:
                set(BadId(), movie, value, ratedAt);
                break;
            case 1:
                set(user, BadId(), value, ratedAt);
                break;
            case 2:
                set(user, movie, Pick([float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, 5.5f, -1f, 1e30f, float.MaxValue]), ratedAt);
                break;
            default:
                set(user, movie, value, new Timestamp { Seconds = Pick([long.MaxValue, long.MinValue, 253_402_300_800]), Nanos = 0 });
                break;
        }
    }

    private void PoisonTrain(TrainRequest train)
    {
        switch (_random.Next(9))
        {
            case 0: train.Dimensions = Pick([-1, 1025, int.MaxValue, int.MinValue]); break;
            case 1: train.Epochs = Pick([-1, 10_001, int.MaxValue]); break;
            case 2: train.LearningRate = Pick([float.NaN, float.PositiveInfinity, -0.1f, 11f]); break;
            case 3: train.Regularization = Pick([float.NaN, float.NegativeInfinity, -1f, 101f]); break;
            case 4: train.BatchSize = Pick([-1, 1_000_001, int.MinValue]); break;
            case 5: train.ValidationFraction = Pick([float.NaN, 0.51f, -0.1f, 1f]); break;
            case 6: train.Threads = Pick([-1, 257, int.MaxValue]); break;
            case 7: train.Optimizer = Pick(["bogus", "SGD; DROP", new string('o', 300)]); break;
            default: train.Objective = Pick(["bogus", "ranking", "\0"]); break;
        }
    }

    private string BadId() => Pick(["", new string('i', 129 + _random.Next(500)), "a\u0000b", "line\nbreak", "\u001f"]);

    private T Pick<T>(T[] values) => values[_random.Next(values.Length)];
}
