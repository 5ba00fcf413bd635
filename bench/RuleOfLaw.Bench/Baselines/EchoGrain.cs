namespace RuleOfLaw.Bench.Baselines;

/// <summary>The cheapest grain call there is: the baseline for what Orleans itself costs per call.</summary>
[Alias("RuleOfLaw.Bench.Baselines.IEchoGrain")]
public interface IEchoGrain : IGrainWithIntegerKey
{
    [Alias("Ping")]
    Task<int> Ping(int value);
}

public sealed class EchoGrain : Grain, IEchoGrain
{
    public Task<int> Ping(int value) => Task.FromResult(value);
}
