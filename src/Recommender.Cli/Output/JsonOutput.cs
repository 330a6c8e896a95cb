using System.Text.Json;
using System.Text.Json.Serialization;
using Google.Protobuf;

namespace Recommender.Cli.Output;

/// <summary>
/// <c>--json</c> output: proto messages in the proto3 JSON mapping (as grpcurl prints them), other
/// results through System.Text.Json with the same camelCase names.
/// </summary>
public static class JsonOutput
{
    private static readonly JsonFormatter s_formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    private static readonly JsonSerializerOptions s_options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    private static readonly JsonSerializerOptions s_lineOptions = new(JsonSerializerDefaults.Web);

    public static void Write(TextWriter output, IMessage message) => output.WriteLine(s_formatter.Format(message));

    public static void Write<T>(TextWriter output, T value) => output.WriteLine(JsonSerializer.Serialize(value, s_options));

    /// <summary>One object per line, for streams that scripts read as they arrive.</summary>
    public static void WriteLine(TextWriter output, IMessage message)
    {
        output.WriteLine(s_formatter.Format(message));
        output.Flush();
    }

    public static void WriteLine<T>(TextWriter output, T value)
    {
        output.WriteLine(JsonSerializer.Serialize(value, s_lineOptions));
        output.Flush();
    }
}
