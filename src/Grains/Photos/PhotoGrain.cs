using System.Security.Cryptography;

namespace RuleOfLaw.Grains.Photos;

/// <summary>A stored photo: its bytes without location metadata, what they are, who sent them and when.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Photos.StoredPhoto")]
public sealed record StoredPhoto(
    [property: Id(0)] PhotoType Type,
    [property: Id(1)] byte[] Bytes,
    [property: Id(2)] string UploadedBy,
    [property: Id(3)] DateTimeOffset UploadedAt,
    [property: Id(4)] string Sha256);

public enum PhotoStoreStatus
{
    Stored,

    /// <summary>A retry with the same content (an offline queue sending again): nothing new was stored.</summary>
    Replayed,

    /// <summary>The id is taken by a different photo or another uploader.</summary>
    Conflict,
}

/// <summary>
/// One photo, keyed by the id its phone gave it, so a report queued offline and sent again stores
/// it once. Kept as grain state: in the database of the deployment (SQLite embedded, PostgreSQL in
/// production), so every node serves it.
/// </summary>
[Alias("RuleOfLaw.Grains.Photos.IPhotoGrain")]
public interface IPhotoGrain : IGrainWithStringKey
{
    /// <summary>Stores the already-stripped photo once; idempotent for the same uploader and content.</summary>
    [Alias("Store")]
    Task<PhotoStoreStatus> Store(PhotoType type, byte[] bytes, string uploadedBy);

    [Alias("Photo")]
    Task<StoredPhoto?> Photo();
}

[GenerateSerializer, Alias("RuleOfLaw.Grains.Photos.PhotoState")]
public sealed class PhotoState
{
    [Id(0)]
    public StoredPhoto? Photo { get; set; }
}

public sealed class PhotoGrain([PersistentState("photo")] IPersistentState<PhotoState> stored, TimeProvider time) : Grain, IPhotoGrain
{
    public async Task<PhotoStoreStatus> Store(PhotoType type, byte[] bytes, string uploadedBy)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (stored.State.Photo is { } held)
        {
            return held.Sha256 == hash && held.UploadedBy == uploadedBy ? PhotoStoreStatus.Replayed : PhotoStoreStatus.Conflict;
        }

        stored.State.Photo = new StoredPhoto(type, bytes, uploadedBy, time.GetUtcNow(), hash);
        await stored.WriteStateAsync();
        return PhotoStoreStatus.Stored;
    }

    public Task<StoredPhoto?> Photo()
    {
        if (stored.State.Photo is null)
        {
            DeactivateOnIdle();
        }

        return Task.FromResult(stored.State.Photo);
    }
}
