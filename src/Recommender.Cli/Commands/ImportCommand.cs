using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Recommender.Cli.MovieLens;
using Recommender.Cli.Output;
using Recommender.Contracts.V1;
using Spectre.Console;

namespace Recommender.Cli.Commands;

/// <summary>
/// <c>recommender import &lt;dir&gt;</c>: a MovieLens folder into the server. Both files are checked in a
/// first pass, so a malformed line stops the import before anything is sent; then the movies are
/// upserted in chunks and the ratings streamed line by line.
/// </summary>
public static class ImportCommand
{
    private const int RatingsPerMessage = 1_000;

    public const string DownloadHint = "Download one from https://grouplens.org/datasets/movielens/ (ml-latest-small or ml-100k to start).";

    public static Command Create(CliEnvironment environment, GlobalOptions global)
    {
        var directory = new Argument<string>("dir") { Description = "MovieLens folder: movies.csv + ratings.csv, or u.item + u.data" };
        var command = new Command("import", "Import a MovieLens folder (ml-latest, ml-25m or ml-100k)") { directory };
        CommandRunner.SetAction(command, environment, global, (context, parse, cancellationToken) =>
            RunAsync(context, parse.GetRequiredValue(directory), new ImportOptions(), cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(CliContext context, string directory, ImportOptions options, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            throw new CliUsageException($"the folder '{directory}' does not exist. {DownloadHint}");
        }

        if (!MovieLensDataset.TryDetect(directory, out var dataset))
        {
            throw new CliUsageException(
                $"no MovieLens files in '{directory}': expected movies.csv + ratings.csv (ml-latest, ml-25m) or u.item + u.data (ml-100k). {DownloadHint}");
        }

        try
        {
            return await ImportAsync(context, dataset, options, cancellationToken);
        }
        catch (MalformedInputException e)
        {
            await context.Error.WriteLineAsync(e.Message);
            await context.Error.WriteLineAsync("Nothing was imported. Fix the line and run the import again.");
            return ExitCodes.Usage;
        }
    }

    private static async Task<int> ImportAsync(CliContext context, MovieLensDataset dataset, ImportOptions options, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        Note(context, $"Importing {dataset.Description} from {Path.GetDirectoryName(dataset.MoviesPath)}");
        var (upserted, accepted, newUsers) = context.Json || !context.Console.Profile.Capabilities.Interactive
            ? await SendAsync(context, dataset, options, new ImportProgress(context, null), cancellationToken)
            : await context.Console.Progress()
                .Columns(
                    new TaskDescriptionColumn { Alignment = Justify.Left },
                    new ProgressBarColumn(),
                    new PercentageColumn(),
                    new ElapsedTimeColumn(),
                    new RemainingTimeColumn(),
                    new SpinnerColumn())
                .StartAsync(progress => SendAsync(context, dataset, options, new ImportProgress(context, progress), cancellationToken));

        var seconds = started.Elapsed.TotalSeconds;
        if (context.Json)
        {
            JsonOutput.Write(context.Output, new ImportResult(
                dataset.Format == MovieLensFormat.Ml100K ? "ml-100k" : "ml-latest", upserted, accepted, newUsers, Math.Round(seconds, 3)));
        }
        else
        {
            context.Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Imported {upserted:N0} movies and {accepted:N0} ratings ({newUsers:N0} new users) in {seconds:0.0} s."));
            context.Console.WriteLine("Next: recommender train");
        }

        return ExitCodes.Ok;
    }

    private static async Task<(int Movies, long Ratings, long NewUsers)> SendAsync(
        CliContext context, MovieLensDataset dataset, ImportOptions options, ImportProgress progress, CancellationToken cancellationToken)
    {
        // Pass 1: parse and check everything, so a bad line fails before the server has seen a byte.
        var movies = dataset.ReadMovies();
        var movieIds = movies.Select(m => m.MovieId).ToHashSet(StringComparer.Ordinal);
        var ratingCount = await CheckRatingsAsync(dataset, movieIds, progress, cancellationToken);

        // Pass 2: send.
        var upserted = await UpsertMoviesAsync(context, dataset, movies, options, progress, cancellationToken);
        var (accepted, newUsers) = await StreamRatingsAsync(context, dataset, ratingCount, options, progress, cancellationToken);
        return (upserted, accepted, newUsers);
    }

    private static async Task<long> CheckRatingsAsync(MovieLensDataset dataset, HashSet<string> movieIds, ImportProgress progress, CancellationToken cancellationToken)
    {
        await using var file = OpenRead(dataset.RatingsPath);
        using var reader = new StreamReader(file, dataset.RatingsEncoding, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var stage = progress.Stage($"Checking {Path.GetFileName(dataset.RatingsPath)}", file.Length);
        var moviesFile = Path.GetFileName(dataset.MoviesPath);
        long rows = 0;
        foreach (var rating in dataset.ReadRatings(reader))
        {
            if (!movieIds.Contains(rating.MovieId))
            {
                throw new MalformedInputException(dataset.RatingsPath, rating.Line, $"movie id {rating.MovieId} is not in {moviesFile}");
            }

            rows++;
            if ((rows & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                stage.Report(file.Position, rows);
            }
        }

        stage.Complete(file.Length, rows);
        return rows;
    }

    private static async Task<int> UpsertMoviesAsync(
        CliContext context, MovieLensDataset dataset, List<MovieRow> movies, ImportOptions options, ImportProgress progress, CancellationToken cancellationToken)
    {
        var stage = progress.Stage($"Movies from {Path.GetFileName(dataset.MoviesPath)}", movies.Count);
        var upserted = 0;
        foreach (var chunk in movies.Chunk(options.MoviesPerCall))
        {
            var request = new UpsertMoviesRequest();
            request.Movies.AddRange(chunk.Select(m => new Movie { MovieId = m.MovieId, Title = m.Title, Year = m.Year, Genres = { m.Genres } }));
            upserted += (await context.Catalog.UpsertMoviesAsync(request, cancellationToken: cancellationToken)).Upserted;
            stage.Report(upserted, upserted);
        }

        stage.Complete(movies.Count, upserted);
        return upserted;
    }

    private static async Task<(long Accepted, long NewUsers)> StreamRatingsAsync(
        CliContext context, MovieLensDataset dataset, long total, ImportOptions options, ImportProgress progress, CancellationToken cancellationToken)
    {
        await using var file = OpenRead(dataset.RatingsPath);
        using var reader = new StreamReader(file, dataset.RatingsEncoding, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var stage = progress.Stage($"Ratings from {Path.GetFileName(dataset.RatingsPath)}", file.Length);
        long accepted = 0;
        long newUsers = 0;
        long sent = 0;
        using var rows = dataset.ReadRatings(reader).GetEnumerator();
        var more = rows.MoveNext();
        while (more)
        {
            // Each stream is all-or-nothing on the server; several bounded streams keep one
            // failure (or the server's per-stream limit) from costing the whole file.
            // Many ratings per message: per-message framing, not the database, bounds a stream of single ratings.
            using var call = context.Ratings.IngestRatingBatches(cancellationToken: cancellationToken);
            var inStream = 0;
            try
            {
                var message = new IngestRatingBatchesRequest();
                while (more && inStream < options.RatingsPerStream)
                {
                    var row = rows.Current;
                    message.Ratings.Add(new Rating
                    {
                        UserId = row.UserId,
                        MovieId = row.MovieId,
                        Value = row.Value,
                        RatedAt = new Timestamp { Seconds = row.Timestamp },
                    });
                    if (message.Ratings.Count == RatingsPerMessage)
                    {
                        await call.RequestStream.WriteAsync(message, cancellationToken);
                        message = new IngestRatingBatchesRequest();
                    }

                    inStream++;
                    sent++;
                    if ((sent & 0x3FFF) == 0)
                    {
                        stage.Report(file.Position, sent);
                    }

                    more = rows.MoveNext();
                }

                if (message.Ratings.Count > 0)
                {
                    await call.RequestStream.WriteAsync(message, cancellationToken);
                }

                await call.RequestStream.CompleteAsync();
            }
            catch (RpcException)
            {
                // The server ended the call early; its status, read below, says why.
            }
            catch (InvalidOperationException) when (call.ResponseAsync.IsCompleted)
            {
                // Writing after the server already answered; its status says why.
            }

            IngestRatingBatchesResponse response;
            try
            {
                response = await call.ResponseAsync;
            }
            catch (RpcException e) when (accepted > 0)
            {
                var detail = string.Create(
                    CultureInfo.InvariantCulture,
                    $"{e.Status.Detail} (in the stream starting at rating {accepted + 1:N0}; the {accepted:N0} ratings before it are stored, and importing again is safe: ratings are upserted)");
                throw new RpcException(new Grpc.Core.Status(e.StatusCode, detail), e.Trailers);
            }

            accepted += response.Accepted;
            newUsers += response.NewUsers;
        }

        stage.Complete(file.Length, sent);
        Debug.Assert(sent == total, "the file changed between the check and the send");
        return (accepted, newUsers);
    }

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);

    private static void Note(CliContext context, string text)
    {
        if (!context.Json)
        {
            context.Console.WriteLine(text);
        }
    }

    private sealed record ImportResult(string Format, int Movies, long Ratings, long NewUsers, double Seconds);
}

/// <summary>Chunk sizes; tests make them small to exercise the chunking.</summary>
public sealed record ImportOptions(int MoviesPerCall = 5_000, int RatingsPerStream = 1_000_000);
