namespace Recommender.Data;

/// <summary>Column sizes that the schema and the request validation share.</summary>
public static class DataLimits
{
    /// <summary>External user and movie ids are 1–128 characters.</summary>
    public const int MaxIdLength = 128;

    /// <summary>Movie titles are at most 512 characters.</summary>
    public const int MaxTitleLength = 512;
}
