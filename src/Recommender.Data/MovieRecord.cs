namespace Recommender.Data;

/// <summary>A catalogue movie as the store exchanges it: external id, title, year (0 unknown), genres.</summary>
public sealed record MovieRecord(string MovieId, string Title, int Year, IReadOnlyList<string> Genres)
{
    /// <summary>Stores genres as <c>|A|B|</c> so that a LIKE on <c>%|A|%</c> matches whole names.</summary>
    internal static string JoinGenres(IReadOnlyList<string> genres) =>
        genres.Count == 0 ? "" : "|" + string.Join('|', genres) + "|";

    internal static string[] SplitGenres(string joined) =>
        joined.Split('|', StringSplitOptions.RemoveEmptyEntries);
}
