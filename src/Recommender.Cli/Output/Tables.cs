using System.Globalization;
using Recommender.Contracts.V1;
using Spectre.Console;

namespace Recommender.Cli.Output;

/// <summary>Tables for people. Every value goes in as <see cref="Text"/>, so titles with brackets are not read as markup.</summary>
public static class Tables
{
    public static Table Movies(IEnumerable<Movie> movies, string? title = null)
    {
        var table = New(title, "Id", "Title", "Year", "Genres");
        foreach (var movie in movies)
        {
            table.AddRow(Cell(movie.MovieId), Cell(movie.Title), Cell(Year(movie.Year)), Cell(Genres(movie.Genres)));
        }

        return table;
    }

    public static Table Scored(IEnumerable<ScoredMovie> movies, string? title = null)
    {
        var table = New(title, "#", "Id", "Title", "Year", "Genres", "Score");
        table.Columns[0].RightAligned();
        table.Columns[5].RightAligned();
        var rank = 0;
        foreach (var movie in movies)
        {
            rank++;
            table.AddRow(
                Cell(rank.ToString(CultureInfo.InvariantCulture)),
                Cell(movie.MovieId),
                Cell(movie.Title),
                Cell(Year(movie.Year)),
                Cell(Genres(movie.Genres)),
                Cell(movie.Score.ToString("0.000", CultureInfo.InvariantCulture)));
        }

        return table;
    }

    public static Table New(string? title, params string[] columns)
    {
        var table = new Table().RoundedBorder();
        if (title is not null)
        {
            table.Title = new TableTitle(Markup.Escape(title));
        }

        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column)));
        }

        return table;
    }

    public static Text Cell(string text) => new(text);

    public static string Year(int year) => year == 0 ? "" : year.ToString(CultureInfo.InvariantCulture);

    public static string Genres(IEnumerable<string> genres) => string.Join(", ", genres);

    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Number(double value, string format = "0.0000") =>
        double.IsNaN(value) ? "-" : value.ToString(format, CultureInfo.InvariantCulture);
}
