using Recommender.Benchmarks.Report;

namespace Recommender.Core.Tests.BenchmarkReport;

public sealed class ReadmeBlockTests
{
    private const string Before = "# Title\n\nIntro with ünïcode, trailing spaces   \n\n";
    private const string After = "\n\n## Layout  \n\nend without newline";

    [Fact]
    public void Replace_KeepsEverythingOutsideTheMarkersByteIdentical()
    {
        // Arrange
        var document = Before + ReadmeBlock.BeginMarker + "\nold table\n| a | b |\n" + ReadmeBlock.EndMarker + After;

        // Act
        var updated = ReadmeBlock.Replace(document, "## How good, how fast\n\nnew table\n");

        // Assert
        Assert.StartsWith(Before + ReadmeBlock.BeginMarker, updated, StringComparison.Ordinal);
        Assert.EndsWith(ReadmeBlock.EndMarker + After, updated, StringComparison.Ordinal);
        Assert.Equal(Before + ReadmeBlock.BeginMarker + "\n## How good, how fast\n\nnew table\n" + ReadmeBlock.EndMarker + After, updated);
        Assert.DoesNotContain("old table", updated, StringComparison.Ordinal);
    }

    [Fact]
    public void Replace_Twice_IsStable()
    {
        // Arrange
        var document = Before + ReadmeBlock.BeginMarker + ReadmeBlock.EndMarker + After;

        // Act
        var once = ReadmeBlock.Replace(document, "content");
        var twice = ReadmeBlock.Replace(once, "content");

        // Assert
        Assert.Equal(once, twice);
    }

    [Fact]
    public void Replace_CrLfDocument_KeepsCrLfOutsideAndUsesItInside()
    {
        // Arrange
        var document = "a\r\nb\r\n" + ReadmeBlock.BeginMarker + "\r\nx\r\n" + ReadmeBlock.EndMarker + "\r\nc\r\n";

        // Act
        var updated = ReadmeBlock.Replace(document, "one\ntwo");

        // Assert
        Assert.Equal("a\r\nb\r\n" + ReadmeBlock.BeginMarker + "\r\none\r\ntwo\r\n" + ReadmeBlock.EndMarker + "\r\nc\r\n", updated);
    }

    [Theory]
    [InlineData("no markers at all")]
    [InlineData("<!-- benchmarks:begin --> only the start")]
    [InlineData("<!-- benchmarks:end --> reversed <!-- benchmarks:begin -->")]
    [InlineData("<!-- benchmarks:begin --> <!-- benchmarks:end --> <!-- benchmarks:begin --> <!-- benchmarks:end -->")]
    public void Replace_MissingRepeatedOrReversedMarkers_Throws(string document)
    {
        // Arrange
        const string content = "content";

        // Act
        var error = Record.Exception(() => ReadmeBlock.Replace(document, content));

        // Assert: no guess at where the section belongs (the command then leaves the README file unwritten).
        Assert.IsType<FormatException>(error);
    }
}
