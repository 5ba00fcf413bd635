using System.Security.Cryptography;

namespace RuleOfLaw.Grains.Sessions;

[GenerateSerializer, Alias("RuleOfLaw.Grains.Sessions.KeyRingState")]
public sealed class KeyRingState
{
    /// <summary>Each element as ASP.NET Core Data Protection wrote it (XML text), by its friendly name.</summary>
    [Id(0)] public Dictionary<string, string> Elements { get; set; } = [];
}

/// <summary>
/// The Data Protection key ring of the whole cluster, kept in the store so that every node reads
/// every other node's cookies and anti-forgery tokens, and a restarted node reads its own.
/// </summary>
[Alias("RuleOfLaw.Grains.Sessions.IKeyRingGrain")]
public interface IKeyRingGrain : IGrainWithStringKey
{
    public const string Key = "data-protection";

    [Alias("Elements")]
    Task<IReadOnlyList<string>> Elements();

    [Alias("Store")]
    Task Store(string friendlyName, string xml);
}

public sealed class KeyRingGrain([PersistentState("key-ring")] IPersistentState<KeyRingState> ring) : Grain, IKeyRingGrain
{
    public Task<IReadOnlyList<string>> Elements() => Task.FromResult<IReadOnlyList<string>>([.. ring.State.Elements.Values]);

    public async Task Store(string friendlyName, string xml)
    {
        ring.State.Elements[friendlyName] = xml;
        await ring.WriteStateAsync();
    }
}

[GenerateSerializer, Alias("RuleOfLaw.Grains.Sessions.SigningKeyState")]
public sealed class SigningKeyState
{
    [Id(0)] public byte[] Key { get; set; } = [];
    [Id(1)] public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// The key that signs access tokens, shared by every node: drawn at random on first use and kept in
/// the store, so neither an embedded node nor a cluster needs anything configured.
/// </summary>
[Alias("RuleOfLaw.Grains.Sessions.ISigningKeyGrain")]
public interface ISigningKeyGrain : IGrainWithStringKey
{
    public const string Key = "access-tokens";

    /// <summary>A 256-bit key for HMAC-SHA256.</summary>
    [Alias("Key")]
    Task<byte[]> SigningKey();
}

public sealed class SigningKeyGrain(
    [PersistentState("signing-key")] IPersistentState<SigningKeyState> key,
    TimeProvider time) : Grain, ISigningKeyGrain
{
    public async Task<byte[]> SigningKey()
    {
        if (key.State.Key.Length == 0)
        {
            key.State = new SigningKeyState { Key = RandomNumberGenerator.GetBytes(32), CreatedAt = time.GetUtcNow() };
            await key.WriteStateAsync();
        }

        return key.State.Key;
    }
}
