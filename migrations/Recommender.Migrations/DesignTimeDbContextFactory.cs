using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Recommender.Data;

namespace Recommender.Migrations;

/// <summary>Lets <c>dotnet ef</c> build the context without starting the server.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<RecommenderDbContext>
{
    public RecommenderDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<RecommenderDbContext>();
        options.UseRecommenderSqlite("design-time.db");
        return new RecommenderDbContext(options.Options);
    }
}
