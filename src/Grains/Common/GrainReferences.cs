using System.Collections.Concurrent;

namespace RuleOfLaw.Grains.Common;

/// <summary>
/// References to string-keyed grains, made once per key. <c>GetGrain&lt;T&gt;</c> resolves the
/// interface's grain type by reflection on every call (a tenth of the node's CPU under a stream of
/// position fixes, by profile), while a reference is immutable and can be reused by any caller.
/// For the hot paths only: the callers that run per position fix or per grain call.
/// </summary>
public sealed class GrainReferences<TGrain>(IGrainFactory grains)
    where TGrain : IGrainWithStringKey
{
    /// <summary>
    /// Keys held at most: far above the people and accounts of a district, so it only bounds what a
    /// stream of made-up keys could hold; past it the cache starts again.
    /// </summary>
    private const int Capacity = 100_000;

    private readonly ConcurrentDictionary<string, TGrain> _references = new(StringComparer.Ordinal);

    public TGrain For(string key)
    {
        if (_references.TryGetValue(key, out var reference))
        {
            return reference;
        }

        if (_references.Count >= Capacity)
        {
            _references.Clear();
        }

        return _references.GetOrAdd(key, grains.GetGrain<TGrain>(key));
    }
}
