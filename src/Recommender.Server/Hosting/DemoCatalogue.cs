using Recommender.Data;

namespace Recommender.Server.Hosting;

/// <summary>A small built-in catalogue of well-known movies for <c>--demo</c>.</summary>
internal static class DemoCatalogue
{
    public static readonly MovieRecord[] Movies =
    [
        new("tt0133093", "The Matrix", 1999, ["Action", "Sci-Fi"]),
        new("tt0088763", "Back to the Future", 1985, ["Adventure", "Comedy", "Sci-Fi"]),
        new("tt0076759", "Star Wars", 1977, ["Action", "Adventure", "Sci-Fi"]),
        new("tt0083658", "Blade Runner", 1982, ["Drama", "Sci-Fi"]),
        new("tt0062622", "2001: A Space Odyssey", 1968, ["Adventure", "Sci-Fi"]),
        new("tt0816692", "Interstellar", 2014, ["Adventure", "Drama", "Sci-Fi"]),
        new("tt0078748", "Alien", 1979, ["Horror", "Sci-Fi"]),
        new("tt0081505", "The Shining", 1980, ["Drama", "Horror"]),
        new("tt0054215", "Psycho", 1960, ["Horror", "Mystery", "Thriller"]),
        new("tt0070047", "The Exorcist", 1973, ["Horror"]),
        new("tt0084787", "The Thing", 1982, ["Horror", "Mystery", "Sci-Fi"]),
        new("tt5052448", "Get Out", 2017, ["Horror", "Mystery", "Thriller"]),
        new("tt0114709", "Toy Story", 1995, ["Animation", "Adventure", "Comedy"]),
        new("tt0245429", "Spirited Away", 2001, ["Animation", "Adventure", "Family"]),
        new("tt0110357", "The Lion King", 1994, ["Animation", "Adventure", "Drama"]),
        new("tt0910970", "WALL-E", 2008, ["Animation", "Adventure", "Family"]),
        new("tt0266543", "Finding Nemo", 2003, ["Animation", "Adventure", "Comedy"]),
        new("tt2380307", "Coco", 2017, ["Animation", "Adventure", "Family"]),
        new("tt0109830", "Forrest Gump", 1994, ["Drama", "Romance"]),
        new("tt0111161", "The Shawshank Redemption", 1994, ["Drama"]),
        new("tt0068646", "The Godfather", 1972, ["Crime", "Drama"]),
        new("tt0110912", "Pulp Fiction", 1994, ["Crime", "Drama"]),
        new("tt0099685", "Goodfellas", 1990, ["Crime", "Drama"]),
        new("tt0102926", "The Silence of the Lambs", 1991, ["Crime", "Drama", "Thriller"]),
        new("tt0107290", "Jurassic Park", 1993, ["Action", "Adventure", "Sci-Fi"]),
        new("tt0095016", "Die Hard", 1988, ["Action", "Thriller"]),
        new("tt1392190", "Mad Max: Fury Road", 2015, ["Action", "Adventure", "Sci-Fi"]),
        new("tt0103064", "Terminator 2: Judgment Day", 1991, ["Action", "Sci-Fi"]),
        new("tt0172495", "Gladiator", 2000, ["Action", "Adventure", "Drama"]),
        new("tt0468569", "The Dark Knight", 2008, ["Action", "Crime", "Drama"]),
        new("tt0120338", "Titanic", 1997, ["Drama", "Romance"]),
        new("tt0034583", "Casablanca", 1942, ["Drama", "Romance"]),
        new("tt0098635", "When Harry Met Sally...", 1989, ["Comedy", "Romance"]),
        new("tt0100405", "Pretty Woman", 1990, ["Comedy", "Romance"]),
        new("tt0332280", "The Notebook", 2004, ["Drama", "Romance"]),
        new("tt0107048", "Groundhog Day", 1993, ["Comedy", "Fantasy", "Romance"]),
        new("tt0118715", "The Big Lebowski", 1998, ["Comedy", "Crime"]),
        new("tt0087332", "Ghostbusters", 1984, ["Action", "Comedy", "Fantasy"]),
        new("tt0071853", "Monty Python and the Holy Grail", 1975, ["Adventure", "Comedy", "Fantasy"]),
        new("tt0093779", "The Princess Bride", 1987, ["Adventure", "Family", "Fantasy"]),
    ];

    /// <summary>The tastes the demo users are drawn from: each loves the movies of one of these genres.</summary>
    public static readonly string[] Tastes = ["Sci-Fi", "Horror", "Animation", "Crime", "Romance", "Comedy", "Action"];
}
