using System.Diagnostics.CodeAnalysis;

namespace Recommender.Core.Data;

/// <summary>
/// A bidirectional map between external string ids and dense indices 0..Count-1, in the order
/// the ids were first added. Core works only with the dense indices; the edge translates.
/// </summary>
/// <remarks>Not thread-safe for writers; concurrent readers are fine once it stops growing.</remarks>
public sealed class IdVocabulary
{
    private readonly Dictionary<string, int> _indexById;
    private readonly List<string> _ids;

    /// <summary>Creates an empty vocabulary.</summary>
    public IdVocabulary(int capacity = 0)
    {
        _indexById = new Dictionary<string, int>(capacity, StringComparer.Ordinal);
        _ids = new List<string>(capacity);
    }

    /// <summary>Creates a vocabulary holding <paramref name="ids"/> at indices 0..n-1.</summary>
    /// <exception cref="ArgumentException">An id occurs twice.</exception>
    public IdVocabulary(IEnumerable<string> ids)
        : this()
    {
        foreach (var id in ids)
        {
            if (!_indexById.TryAdd(id, _ids.Count))
            {
                throw new ArgumentException($"duplicate id '{id}'", nameof(ids));
            }

            _ids.Add(id);
        }
    }

    /// <summary>The number of ids.</summary>
    public int Count => _ids.Count;

    /// <summary>The ids in index order.</summary>
    public IReadOnlyList<string> Ids => _ids;

    /// <summary>The id at <paramref name="index"/>.</summary>
    public string this[int index] => _ids[index];

    /// <summary>The index of <paramref name="id"/>, adding it at the end when new.</summary>
    public int GetOrAdd(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (_indexById.TryGetValue(id, out var index))
        {
            return index;
        }

        index = _ids.Count;
        _indexById.Add(id, index);
        _ids.Add(id);
        return index;
    }

    /// <summary>Looks up the index of <paramref name="id"/>.</summary>
    public bool TryGetIndex(string id, out int index) => _indexById.TryGetValue(id, out index);

    /// <summary>Looks up the id at <paramref name="index"/>; false when out of range.</summary>
    public bool TryGetId(int index, [NotNullWhen(true)] out string? id)
    {
        if ((uint)index < (uint)_ids.Count)
        {
            id = _ids[index];
            return true;
        }

        id = null;
        return false;
    }
}
