namespace Recommender.Core;

/// <summary>The closed interval of valid rating values, such as 0.5–5.0.</summary>
/// <param name="Min">The lowest valid rating.</param>
/// <param name="Max">The highest valid rating.</param>
public readonly record struct RatingRange(float Min, float Max)
{
    /// <summary>The MovieLens range, 0.5 to 5.0 stars.</summary>
    public static RatingRange Default { get; } = new(0.5f, 5.0f);

    /// <summary>Whether <paramref name="value"/> is finite and within the range.</summary>
    public bool Contains(float value) => float.IsFinite(value) && value >= Min && value <= Max;

    /// <summary>Clamps a prediction into the range; NaN becomes the midpoint.</summary>
    public float Clamp(float value) => float.IsNaN(value) ? (Min + Max) / 2 : Math.Clamp(value, Min, Max);
}
