namespace Recommender.Cli.MovieLens;

/// <summary>One movie as read from a MovieLens file; <see cref="Year"/> is 0 when unknown, <see cref="Line"/> is 1-based.</summary>
public sealed record MovieRow(string MovieId, string Title, int Year, IReadOnlyList<string> Genres, long Line = 0);

/// <summary>One rating as read from a MovieLens file; <see cref="Timestamp"/> is in Unix seconds, <see cref="Line"/> is 1-based.</summary>
public readonly record struct RatingRow(string UserId, string MovieId, float Value, long Timestamp, long Line = 0);
