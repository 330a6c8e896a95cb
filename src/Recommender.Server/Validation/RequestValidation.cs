using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Text;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Recommender.Core;
using Recommender.Data;
using Status = Google.Rpc.Status;

namespace Recommender.Server.Validation;

/// <summary>
/// One guard per kind of field. Each names the offending proto field in the status message
/// and in a <c>google.rpc.BadRequest</c> field violation, so clients can point at it.
/// </summary>
/// <remarks>The field name comes from the argument expression (<c>request.UserId</c> → <c>user_id</c>);
/// bulk rows pass a <see cref="FieldPath"/> such as <c>ratings[12]</c>, formatted only on failure.</remarks>
internal static class RequestValidation
{
    /// <summary>An external id: 1–128 characters, no control characters.</summary>
    public static string Id(string value, FieldPath path = default, [CallerArgumentExpression(nameof(value))] string expression = "")
    {
        if (value.Length is 0 or > DataLimits.MaxIdLength)
        {
            ThrowInvalid(path.Format(FieldName(expression)), $"must be 1-{DataLimits.MaxIdLength} characters, got {value.Length}");
        }

        if (value.AsSpan().ContainsAnyInRange('\0', '\u001f'))
        {
            ThrowInvalid(path.Format(FieldName(expression)), "must not contain control characters");
        }

        return value;
    }

    /// <summary>A rating value: finite and within the configured range.</summary>
    public static float Rating(float value, RatingRange range, FieldPath path = default, [CallerArgumentExpression(nameof(value))] string expression = "")
    {
        if (!float.IsFinite(value))
        {
            ThrowInvalid(path.Format(FieldName(expression)), $"must be a finite number, got {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }

        if (!range.Contains(value))
        {
            ThrowInvalid(path.Format(FieldName(expression)), FormattableString.Invariant($"must be within [{range.Min}, {range.Max}], got {value}"));
        }

        return value;
    }

    /// <summary>An optional timestamp as Unix milliseconds; <paramref name="now"/> when absent.</summary>
    public static long Timestamp(Timestamp? value, DateTimeOffset now, FieldPath path = default, [CallerArgumentExpression(nameof(value))] string expression = "")
    {
        if (value is null)
        {
            return now.ToUnixTimeMilliseconds();
        }

        // The range of google.protobuf.Timestamp: years 0001 to 9999.
        if (value.Seconds is < -62_135_596_800 or > 253_402_300_799 || value.Nanos is < 0 or > 999_999_999)
        {
            ThrowInvalid(path.Format(FieldName(expression)), "is not a valid timestamp");
        }

        return (value.Seconds * 1000) + (value.Nanos / 1_000_000);
    }

    /// <summary>A result count: 0 means <paramref name="defaultValue"/>, otherwise 1..<paramref name="max"/>.</summary>
    public static int Limit(int value, int defaultValue, int max, [CallerArgumentExpression(nameof(value))] string expression = "")
    {
        if (value == 0)
        {
            return defaultValue;
        }

        if (value < 1 || value > max)
        {
            ThrowInvalid(FieldName(expression), $"must be between 1 and {max}, got {value}");
        }

        return value;
    }

    /// <summary>Free text such as a title: 1..<paramref name="maxLength"/> characters, not blank.</summary>
    public static string Text(string value, int maxLength, FieldPath path = default, [CallerArgumentExpression(nameof(value))] string expression = "")
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > maxLength)
        {
            ThrowInvalid(path.Format(FieldName(expression)), $"must be 1-{maxLength} characters and not blank");
        }

        return value;
    }

    /// <summary>A genre name: 1–64 characters, no '|' (the store's separator) and no control characters.</summary>
    public static string Genre(string value, FieldPath path = default, [CallerArgumentExpression(nameof(value))] string expression = "")
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > 64 || value.Contains('|', StringComparison.Ordinal)
            || value.AsSpan().ContainsAnyInRange('\0', '\u001f'))
        {
            ThrowInvalid(path.Format(FieldName(expression)), "must be 1-64 characters without '|'");
        }

        return value;
    }

    /// <summary>
    /// Fails with RESOURCE_EXHAUSTED when <paramref name="count"/> exceeds <paramref name="max"/>, naming
    /// the field and the setting <c>Recommender:Limits:<paramref name="limit"/></c> that caps it.
    /// </summary>
    public static void AtMost(int count, int max, string what, string limit, FieldPath path = default, [CallerArgumentExpression(nameof(count))] string expression = "")
    {
        if (count > max)
        {
            // request.Movies.Count names the field movies, not count.
            var field = path.Format(FieldName(expression.EndsWith(".Count", StringComparison.Ordinal) ? expression[..^".Count".Length] : expression));
            throw ToException(StatusCode.ResourceExhausted, field, $"at most {max} {what} per call (limit Recommender:Limits:{limit}), got {count}");
        }
    }

    /// <summary>Throws INVALID_ARGUMENT for <paramref name="field"/>.</summary>
    [DoesNotReturn]
    public static void ThrowInvalid(string field, string description) =>
        throw ToException(StatusCode.InvalidArgument, field, description);

    /// <summary>An RpcException with a readable message and a BadRequest detail.</summary>
    public static RpcException ToException(StatusCode code, string field, string description)
    {
        var status = new Status
        {
            Code = (int)code,
            Message = $"{field}: {description}",
            Details = { Any.Pack(new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = field, Description = description } } }) },
        };
        return status.ToRpcException();
    }

    /// <summary><c>request.MovieIds</c> → <c>movie_ids</c>; <c>movie.Title</c> → <c>title</c>.</summary>
    internal static string FieldName(string expression)
    {
        var name = expression[(expression.LastIndexOf('.') + 1)..];
        var snake = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]))
            {
                if (i > 0)
                {
                    snake.Append('_');
                }

                snake.Append(char.ToLowerInvariant(name[i]));
            }
            else
            {
                snake.Append(name[i]);
            }
        }

        return snake.ToString();
    }
}
