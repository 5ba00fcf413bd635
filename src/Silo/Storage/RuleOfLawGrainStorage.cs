using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace RuleOfLaw.Silo.Storage;

/// <summary>
/// Orleans grain storage (the home of every <c>IPersistentState&lt;T&gt;</c>) over the project's own
/// store. The state is serialized with the silo's <see cref="IGrainStorageSerializer"/>, so the
/// composition root chooses the format once for every provider; ETags come from the store and make
/// Orleans' optimistic concurrency hold across activations and nodes.
/// </summary>
public sealed partial class RuleOfLawGrainStorage(
    string name,
    IRuleOfLawStore store,
    IGrainStorageSerializer serializer,
    IActivatorProvider activatorProvider,
    ILogger<RuleOfLawGrainStorage> logger) : IGrainStorage
{
    /// <summary>The provider name for grains that want this storage explicitly, whatever "Default" is.</summary>
    public const string ProviderName = "RuleOfLaw";

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ReadStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var stored = await store.ReadGrainState(stateName, grainId.ToString(), cancellationToken);
        if (stored is null)
        {
            Reset(grainState);
            return;
        }

        try
        {
            grainState.State = serializer.Deserialize<T>(new BinaryData(stored.Payload)) ?? CreateDefault<T>();
        }
        catch (Exception exception)
        {
            // The payload stays out of the log: grain state may hold personal data.
            LogUnreadableState(exception, name, stateName, grainId, typeof(T));
            throw;
        }

        grainState.ETag = stored.ETag;
        grainState.RecordExists = true;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        WriteStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        var payload = serializer.Serialize(grainState.State).ToArray();
        grainState.ETag = await store.WriteGrainState(stateName, grainId.ToString(), payload, grainState.ETag, cancellationToken);
        grainState.RecordExists = true;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        ClearStateAsync(stateName, grainId, grainState, CancellationToken.None);

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        await store.ClearGrainState(stateName, grainId.ToString(), grainState.ETag, cancellationToken);
        Reset(grainState);
    }

    private void Reset<T>(IGrainState<T> grainState)
    {
        grainState.State = CreateDefault<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private T CreateDefault<T>() => activatorProvider.GetActivator<T>().Create();

    [LoggerMessage(Level = LogLevel.Error, Message = "Grain storage {ProviderName} could not deserialize state {StateName} of {GrainId} as {StateType}")]
    private partial void LogUnreadableState(Exception exception, string providerName, string stateName, GrainId grainId, Type stateType);
}
