using Recommender.Core.Data;

namespace Recommender.Data;

/// <summary>
/// Validated ratings collected from a bulk stream, in a compact form: each distinct external
/// id is held once and rows refer to it by index, so a million rows cost a few flat arrays.
/// </summary>
public sealed class RatingBatch
{
    private readonly IdVocabulary _users = new();
    private readonly IdVocabulary _movies = new();
    private readonly List<int> _firstRowOfMovie = [];
    private int[] _user = new int[1024];
    private int[] _movie = new int[1024];
    private float[] _value = new float[1024];
    private long[] _ratedAt = new long[1024];

    /// <summary>The number of rows added.</summary>
    public int Count { get; private set; }

    internal IdVocabulary Users => _users;

    internal IdVocabulary Movies => _movies;

    /// <summary>Adds one row; the caller has validated it.</summary>
    public void Add(string userId, string movieId, float value, long ratedAtUnixMs)
    {
        if (Count == _user.Length)
        {
            var size = Count * 2;
            Array.Resize(ref _user, size);
            Array.Resize(ref _movie, size);
            Array.Resize(ref _value, size);
            Array.Resize(ref _ratedAt, size);
        }

        var movie = _movies.GetOrAdd(movieId);
        if (movie == _firstRowOfMovie.Count)
        {
            _firstRowOfMovie.Add(Count);
        }

        _user[Count] = _users.GetOrAdd(userId);
        _movie[Count] = movie;
        _value[Count] = value;
        _ratedAt[Count] = ratedAtUnixMs;
        Count++;
    }

    internal int FirstRowOfMovie(int movie) => _firstRowOfMovie[movie];

    internal ReadOnlySpan<int> UserIndices => _user.AsSpan(0, Count);

    internal ReadOnlySpan<int> MovieIndices => _movie.AsSpan(0, Count);

    internal ReadOnlySpan<float> Values => _value.AsSpan(0, Count);

    internal ReadOnlySpan<long> RatedAt => _ratedAt.AsSpan(0, Count);
}
