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

var app = builder.Build();
app.MapRecommenderGrpc();
app.Run();
