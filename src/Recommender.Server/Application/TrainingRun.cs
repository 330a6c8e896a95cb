using System.Runtime.CompilerServices;
using Recommender.Core.Training;

namespace Recommender.Server.Application;

/// <summary>
/// A training run and its event history. Any number of callers follow it: each gets the
/// history so far, then live events, and leaving does not affect the run.
/// </summary>
internal sealed class TrainingRun
{
    private readonly Lock _gate = new();
    private readonly List<TrainingUpdate> _updates = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TrainingRun(TrainingOptions options, BprOptions? ranking = null)
    {
        Options = options;
        Ranking = ranking;
    }

    public TrainingOptions Options { get; }

    /// <summary>Set for objective "ranking": the run trains with BPR and these options instead of <see cref="Options"/>.</summary>
    public BprOptions? Ranking { get; }

    public CancellationTokenSource Cancellation { get; } = new();

    public bool IsFinished { get; private set; }

    /// <summary>Adds an event; a <see cref="TrainingUpdate.Done"/> event finishes the run.</summary>
    public void Report(TrainingUpdate update)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            if (IsFinished)
            {
                return;
            }

            _updates.Add(update);
            IsFinished = update.Done;
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>Every event from the start, then live ones, until the run finishes or the caller leaves.</summary>
    public async IAsyncEnumerable<TrainingUpdate> FollowAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = 0;
        while (true)
        {
            TrainingUpdate[] pending;
            Task changed;
            bool finished;
            lock (_gate)
            {
                pending = _updates.Skip(next).ToArray();
                next = _updates.Count;
                finished = IsFinished;
                changed = _changed.Task;
            }

            foreach (var update in pending)
            {
                yield return update;
            }

            if (finished)
            {
                yield break;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }
}
