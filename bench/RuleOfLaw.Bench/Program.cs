using RuleOfLaw.Bench.Baselines;
using RuleOfLaw.Bench.Options;
using RuleOfLaw.Bench.Results;
using RuleOfLaw.Bench.Scenario;

// The load harness: `surge`, `capacity`, `all`, `compare`, and `baselines` (the raw baselines alone).
if (args.Length > 0 && args[0] == "baselines")
{
    return await BaselinesCommand.RunStandalone(args[1..]);
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException exception)
{
    await Console.Error.WriteLineAsync(exception.Message);
    await Console.Error.WriteLineAsync(BenchOptions.Usage);
    return 2;
}

return options.Command switch
{
    BenchCommand.Help => Help(),
    BenchCommand.Compare => Compare.Run(options.Files[0], options.Files[1], Console.Out),
    _ => await BenchRun.Execute(options),
};

static int Help()
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}
