using System.Globalization;

namespace Recommender.Server.Validation;

/// <summary>
/// Where a field sits in a repeated request field, such as <c>ratings[12]</c>. Kept as a
/// struct and formatted only when validation fails: bulk streams check millions of rows.
/// </summary>
internal readonly record struct FieldPath(string? Collection, int Index)
{
    /// <summary><c>ratings[12].value</c> for <paramref name="field"/> <c>value</c>; the bare field without a collection.</summary>
    public string Format(string field)
    {
        if (Collection is null)
        {
            return field;
        }

        var element = string.Create(CultureInfo.InvariantCulture, $"{Collection}[{Index}]");
        return field.Length == 0 ? element : element + "." + field;
    }
}
