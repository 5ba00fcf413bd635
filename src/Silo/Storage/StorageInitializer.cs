using RuleOfLaw.Grains.Positions;

namespace RuleOfLaw.Silo.Storage;

/// <summary>
/// Creates or migrates the schema at the first stage of silo start-up, before the reminder service
/// reads its table and before any grain reads its state; a store that cannot open stops the silo
/// from starting rather than failing the first command.
/// </summary>
internal sealed class StorageInitializer(IRuleOfLawStore store, IPositionStore positions) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(StorageInitializer), ServiceLifecycleStage.RuntimeInitialize, async cancellationToken =>
        {
            await store.Initialize(cancellationToken);
            await positions.Initialize(cancellationToken);
        });
}
