using Microsoft.Extensions.Options;
using Recommender.Server.Extensions;
using Recommender.Server.Hosting;

var builder = WebApplication.CreateBuilder(DemoSeeder.StripFlag(args, out var demo));
builder.Services.AddSingleton(TimeProvider.System);
builder.AddRecommenderSecurity();
builder.AddRecommenderData();
builder.AddRecommenderModel();
builder.AddRecommenderGrpc();
if (demo || builder.Configuration.GetValue<bool>("Recommender:Demo"))
{
    builder.Services.AddHostedService<DemoSeeder>();
}

try
{
    var app = builder.Build();
    app.MapRecommenderGrpc();
    app.Run();
    return 0;
}
catch (Exception ex) when (ex is StartupRefusedException or OptionsValidationException
    && System.Reflection.Assembly.GetEntryAssembly() == typeof(Program).Assembly)
{
    // A configuration mistake: say what to change, without a stack trace. (Hosted in-process by a test factory,
    // the exception must reach the factory instead.)
    Console.Error.WriteLine($"error: {ex.Message}");
    return StartupRefusedException.ExitCode;
}
