namespace RuleOfLaw.Grains.Users;

[GenerateSerializer, Alias("RuleOfLaw.Grains.Users.UserDirectoryState")]
public sealed class UserDirectoryState
{
    [Id(0)] public List<string> Logins { get; set; } = [];
    [Id(1)] public bool Seeded { get; set; }
}

/// <summary>
/// One well-known activation for the whole cluster: whichever node asks first seeds the accounts,
/// the others find the claim already taken (a single activation makes the decision race-free).
/// </summary>
public sealed class UserDirectoryGrain(
    [PersistentState("user-directory")] IPersistentState<UserDirectoryState> directory) : Grain, IUserDirectoryGrain
{
    public async Task Add(string login)
    {
        var logins = directory.State.Logins;
        var index = logins.BinarySearch(login, StringComparer.Ordinal);
        if (index >= 0)
        {
            return;
        }

        logins.Insert(~index, login);
        await directory.WriteStateAsync();
    }

    public Task<IReadOnlyList<string>> Logins() => Task.FromResult<IReadOnlyList<string>>([.. directory.State.Logins]);

    public async Task<bool> ClaimSeeding()
    {
        if (directory.State.Seeded)
        {
            return false;
        }

        directory.State.Seeded = true;
        await directory.WriteStateAsync();
        return true;
    }

    public Task<bool> IsSeeded() => Task.FromResult(directory.State.Seeded);
}
