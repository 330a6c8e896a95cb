using Recommender.Cli;

var environment = CliEnvironment.FromProcess();
var root = CliApp.CreateRootCommand(environment);
return await CliApp.InvokeAsync(root, args, environment);
