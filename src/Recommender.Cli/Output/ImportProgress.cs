using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Recommender.Cli.Output;

/// <summary>
/// Stages of an import. On a terminal each is a Spectre progress bar (ETA by bytes read, rows/s in the
/// description); otherwise each finished stage is one line, and with <c>--json</c> nothing at all.
/// </summary>
public sealed class ImportProgress(CliContext context, ProgressContext? progress)
{
    public Stage Stage(string description, long max) =>
        new(context, progress?.AddTask(Markup.Escape(description), maxValue: Math.Max(max, 1)), description);
}

/// <summary>One step of an import; <see cref="Report"/> is cheap enough to call every few thousand rows.</summary>
public sealed class Stage
{
    private readonly CliContext _context;
    private readonly ProgressTask? _task;
    private readonly string _description;
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();

    internal Stage(CliContext context, ProgressTask? task, string description)
    {
        _context = context;
        _task = task;
        _description = description;
    }

    public void Report(long value, long rows)
    {
        if (_task is null)
        {
            return;
        }

        _task.Value = value;
        _task.Description = Markup.Escape(Describe(rows));
    }

    public void Complete(long max, long rows)
    {
        if (_task is not null)
        {
            _task.Value = max;
            _task.Description = Markup.Escape(Describe(rows));
            _task.StopTask();
        }
        else if (!_context.Json)
        {
            _context.Console.WriteLine(Describe(rows));
        }
    }

    private string Describe(long rows)
    {
        var seconds = Math.Max(_elapsed.Elapsed.TotalSeconds, 0.001);
        return string.Create(CultureInfo.InvariantCulture, $"{_description}: {rows:N0} rows, {rows / seconds:N0}/s");
    }
}
