using Recommender.Benchmarks.Report;

namespace Recommender.Core.Tests.BenchmarkReport;

public sealed class MarkdownTableTests
{
    [Fact]
    public void Render_HeaderAndRows_WritesGithubTable()
    {
        // Arrange
        string[] header = ["figure", "ours"];
        string[][] rows = [["RMSE", "0.9045"], ["p99 ms", "1.2"]];

        // Act
        var table = MarkdownTable.Render(header, rows);

        // Assert
        Assert.Equal("| figure | ours |\n|---|---|\n| RMSE | 0.9045 |\n| p99 ms | 1.2 |\n", table);
    }

    [Fact]
    public void Render_PipeAndLineBreakInCell_StayInOneCell()
    {
        // Arrange
        string[][] rows = [["a|b", "line1\nline2"]];

        // Act
        var table = MarkdownTable.Render(["x", "y"], rows);

        // Assert
        var body = table.Split('\n')[2];
        Assert.Equal("| a\\|b | line1 line2 |", body);
    }

    [Fact]
    public void Render_RowWithWrongCellCount_Throws()
    {
        // Arrange
        string[][] rows = [["only one"]];

        // Act
        var error = Assert.Throws<ArgumentException>(() => MarkdownTable.Render(["x", "y"], rows));

        // Assert
        Assert.Equal("rows", error.ParamName);
    }
}
