using Recommender.Core;

namespace Recommender.Server.Application;

/// <summary>
/// Holds the published model. Readers take the current reference and use it without locks;
/// a finished training run or an online update swaps the reference atomically.
/// </summary>
internal sealed class ModelEngine
{
    private readonly Lock _writeLock = new();
    private ServingModel? _current;

    /// <summary>The published model, or null before the first one.</summary>
    public ServingModel? Current => Volatile.Read(ref _current);

    /// <summary>The published model.</summary>
    /// <exception cref="ModelNotReadyException">No model yet.</exception>
    public ServingModel Require() => Current ?? throw new ModelNotReadyException();

    /// <summary>Makes <paramref name="model"/> the one every new query reads.</summary>
    public void Publish(ServingModel model)
    {
        lock (_writeLock)
        {
            Volatile.Write(ref _current, model);
        }
    }

    /// <summary>
    /// Applies a refitted user row, if model <paramref name="version"/> is still the published one
    /// (a newer model was trained on the rating anyway).
    /// </summary>
    public bool ApplyUserRow(long version, string userId, UserRow row)
    {
        lock (_writeLock)
        {
            var current = _current;
            if (current is null || current.Version != version)
            {
                return false;
            }

            Volatile.Write(ref _current, current with
            {
                Refitted = current.Refitted.SetItem(userId, row),
                OnlineUpdates = current.OnlineUpdates + 1,
            });
            return true;
        }
    }
}
