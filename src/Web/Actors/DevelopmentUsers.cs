using System.Collections.Concurrent;
using RuleOfLaw.Grains.Users;

namespace RuleOfLaw.Web.Actors;

/// <summary>
/// Records each identity the development headers state as an account (source Development), so the
/// grains' actor check accepts it like any other. Each node asks once per login and guise: the
/// first request of a user costs one grain call, later ones none.
/// </summary>
public sealed class DevelopmentUsers(IGrainFactory grains)
{
    /// <summary>Enough for a benchmark's thousands of users; past it the memo starts again.</summary>
    private const int MaxRemembered = 100_000;

    private readonly ConcurrentDictionary<(string Login, UserScope Scope), Lazy<Task<ProvisionOutcome>>> _provisioned = new();

    public async Task<ProvisionOutcome> Provision(string login, UserScope scope)
    {
        if (_provisioned.Count > MaxRemembered)
        {
            _provisioned.Clear();
        }

        var key = (LoginNames.Normalize(login), scope);
        var entry = _provisioned.GetOrAdd(key, k => new Lazy<Task<ProvisionOutcome>>(() => Ask(k.Login, k.Scope)));
        try
        {
            var outcome = await entry.Value;
            if (outcome != ProvisionOutcome.Provisioned)
            {
                // Refusals are not remembered: an administrator may enable the account again.
                _provisioned.TryRemove(new KeyValuePair<(string, UserScope), Lazy<Task<ProvisionOutcome>>>(key, entry));
            }

            return outcome;
        }
        catch
        {
            _provisioned.TryRemove(new KeyValuePair<(string, UserScope), Lazy<Task<ProvisionOutcome>>>(key, entry));
            throw;
        }
    }

    private async Task<ProvisionOutcome> Ask(string login, UserScope scope) =>
        (await grains.GetGrain<IUserGrain>(login).ProvisionDevelopment(scope)).Outcome;
}
