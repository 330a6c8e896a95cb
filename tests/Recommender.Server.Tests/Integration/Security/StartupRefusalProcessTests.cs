using System.Diagnostics;
using Recommender.Server.Hosting;

namespace Recommender.Server.Tests.Integration.Security;

/// <summary>The real server process refuses an unsafe configuration with one clear line and a distinct exit code.</summary>
public sealed class StartupRefusalProcessTests
{
    [Theory]
    // No keys and every interface: the loopback rule refuses.
    [InlineData("Kestrel:Endpoints:Grpc:Url=http://0.0.0.0:5199", "error: Refusing to start")]
    // A key with a role that does not exist: options validation refuses.
    [InlineData("Recommender:Auth:Keys:0:Role=boss", "error: Recommender:Auth:Keys:0:Role must be reader, writer or admin")]
    public async Task Start_UnsafeOrInvalidConfiguration_ExitsWithConfigErrorAndNoStackTrace(string setting, string expected)
    {
        // Arrange
        var databasePath = Path.Combine(Path.GetTempPath(), $"recommender-refusal-{Guid.NewGuid():N}.db");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Recommender.Server.dll"));
        start.ArgumentList.Add($"--Recommender:Database={databasePath}");
        if (setting.StartsWith("Recommender:Auth:Keys:0:", StringComparison.Ordinal))
        {
            start.ArgumentList.Add("--Recommender:Auth:Keys:0:Name=ops");
            start.ArgumentList.Add("--Recommender:Auth:Keys:0:Key=a-long-enough-development-key");
        }

        start.ArgumentList.Add("--" + setting);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        // Act
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        var errors = await stderr;
        var output = await stdout;

        // Assert
        Assert.Equal(StartupRefusedException.ExitCode, process.ExitCode);
        Assert.Contains(expected, errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", errors + output, StringComparison.Ordinal);
        Assert.False(File.Exists(databasePath));
    }
}
