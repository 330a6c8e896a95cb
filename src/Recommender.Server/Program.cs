using Recommender.Server.Extensions;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSingleton(TimeProvider.System);
builder.AddRecommenderData();
builder.AddRecommenderModel();
builder.AddRecommenderGrpc();

var app = builder.Build();
app.MapRecommenderGrpc();
app.Run();
