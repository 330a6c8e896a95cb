using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Recommender.Benchmarks.EndToEnd;

/// <summary>The real server on Kestrel over loopback HTTP/2, on its own database file, for end-to-end figures.</summary>
internal sealed class InProcessServer : IAsyncDisposable
{
    private readonly Factory _factory;

    private InProcessServer(Factory factory, Uri address)
    {
        _factory = factory;
        Channel = GrpcChannel.ForAddress(address);
    }

    public GrpcChannel Channel { get; }

    public static InProcessServer Start(string databasePath)
    {
        // Outside a test project WebApplicationFactory cannot infer the content root; the server
        // needs nothing from it beyond appsettings.json, which is copied beside this program.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_RECOMMENDER_SERVER", AppContext.BaseDirectory);
        var factory = new Factory(databasePath);
        factory.UseKestrel();
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new InProcessServer(factory, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _factory.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }

    private sealed class Factory(string databasePath) : WebApplicationFactory<global::Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Recommender:Database", databasePath);
            builder.UseSetting("Kestrel:Endpoints:Grpc:Url", "http://127.0.0.1:0");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.UseSetting("Logging:LogLevel:Recommender.Server.Services", "Information");
        }
    }
}
