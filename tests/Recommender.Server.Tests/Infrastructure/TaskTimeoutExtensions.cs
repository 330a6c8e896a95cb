namespace Recommender.Server.Tests.Infrastructure;

/// <summary>Every await in these tests goes through here, so a hang fails fast instead of stalling the run.</summary>
internal static class TaskTimeoutExtensions
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static Task<T> WithTimeout<T>(this Task<T> task, TimeSpan? timeout = null) =>
        task.WaitAsync(timeout ?? DefaultTimeout);

    public static Task WithTimeout(this Task task, TimeSpan? timeout = null) =>
        task.WaitAsync(timeout ?? DefaultTimeout);

    /// <summary>Fails the enumeration when one item takes longer than the timeout.</summary>
    public static async IAsyncEnumerable<T> WithTimeout<T>(this IAsyncEnumerable<T> source, TimeSpan? timeout = null)
    {
        await using var enumerator = source.GetAsyncEnumerator();
        while (await enumerator.MoveNextAsync().AsTask().WaitAsync(timeout ?? DefaultTimeout))
        {
            yield return enumerator.Current;
        }
    }
}
