using Recommender.Server.Application;

namespace Recommender.Server.Hosting;

/// <summary>
/// On SIGTERM / Ctrl+C, cancels a running training run and waits for it to record its end
/// (<c>cancelled</c>), within the host's shutdown timeout. A run that is already saving finishes:
/// its save is one short transaction. Online updates need no flush: each is committed before
/// its AddRating returns, and Kestrel drains calls in flight before the host stops.
/// </summary>
internal sealed class TrainingShutdown(TrainingCoordinator training) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        training.Cancel();
        try
        {
            await training.Completion.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The shutdown timeout ran out; the unfinished run is marked interrupted at the next start.
        }
    }
}
