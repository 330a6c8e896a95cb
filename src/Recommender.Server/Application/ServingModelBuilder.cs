using Recommender.Core.Data;
using Recommender.Core.Scoring;
using Recommender.Data;

namespace Recommender.Server.Application;

/// <summary>Builds the indexes of a stored model once, when it is published or loaded.</summary>
internal static class ServingModelBuilder
{
    public static ServingModel Build(StoredModel stored, IReadOnlyDictionary<string, MovieRecord> catalogue)
    {
        var model = stored.Model;
        var dim = model.Dimensions;
        var movieInfo = new MovieRecord[stored.MovieIds.Length];
        var genreRows = new Dictionary<string, RowFilter>(StringComparer.OrdinalIgnoreCase);
        for (var row = 0; row < movieInfo.Length; row++)
        {
            var id = stored.MovieIds[row];
            movieInfo[row] = catalogue.TryGetValue(id, out var movie) ? movie : new MovieRecord(id, id, 0, []);
            foreach (var genre in movieInfo[row].Genres)
            {
                if (!genreRows.TryGetValue(genre, out var rows))
                {
                    rows = new RowFilter(movieInfo.Length);
                    genreRows.Add(genre, rows);
                }

                rows.Set(row);
            }
        }

        var augmented = MipsTransform.AugmentItems(model.MovieFactors.Values, model.MovieBias.Values, dim, out var maxNorm);
        return new ServingModel
        {
            Header = stored.Header,
            Model = model,
            Users = new IdVocabulary(stored.UserIds),
            Movies = new IdVocabulary(stored.MovieIds),
            UserKeys = stored.UserKeys,
            MovieInfo = movieInfo,
            MovieIndex = new CosineIndex(model.MovieFactors.Values, model.MovieCount, dim),
            UserIndex = new CosineIndex(model.UserFactors.Values, model.UserCount, dim),
            RankingIndex = new CosineIndex(augmented, model.MovieCount, dim + 2),
            RankingMaxNorm = maxNorm,
            GenreRows = genreRows,
            OnlineUpdates = stored.Header.OnlineUpdates,
        };
    }
}
