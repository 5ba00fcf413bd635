using Microsoft.Extensions.Options;
using RuleOfLaw.Silo.Hosting;
using RuleOfLaw.Web;

// `migrate` applies the store's schema and exits, for operators who migrate before rolling out nodes.
if (args is [MigrateCommand.Name, .. var settings])
{
    return await MigrateCommand.Run(settings);
}

// The table of contents of a node: silo (grains, storage, reference data), web edges, telemetry.
// Settings ship beside the binary, so the node behaves the same from whatever folder it starts.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
if (!builder.TryAddRuleOfLawSilo(out var startupError))
{
    Console.Error.WriteLine(startupError);
    return 1;
}

builder.AddRuleOfLawWeb();
builder.AddRuleOfLawTelemetry();

var app = builder.Build();
app.MapRuleOfLawWeb();
app.MapRuleOfLawHealth();
app.MapRuleOfLawReadiness();
app.PrintServedUrlsOnStart();
try
{
    await app.RunAsync();
}
catch (OptionsValidationException exception)
{
    // A setting checked at start (ValidateOnStart) is wrong: one line per problem, no stack trace.
    Console.Error.WriteLine($"The node's settings are invalid: {string.Join(" ", exception.Failures)}");
    return 1;
}

return 0;
