namespace RuleOfLaw.Bench.Load;

/// <summary>Who a simulated client says it is, in the node's development scheme (X-Actor-* headers or actor-* query).</summary>
public sealed record ActorIdentity(string User, string Role, string Area, string? Unit = null)
{
    public const string District = "510802";

    public static ActorIdentity Leader(string user) => new(user, "Leader", District);

    public static ActorIdentity Administrator { get; } = new("bench-admin", "Administrator", District);

    public void ApplyTo(HttpRequestMessage request)
    {
        request.Headers.TryAddWithoutValidation("X-Actor-User", User);
        request.Headers.TryAddWithoutValidation("X-Actor-Role", Role);
        request.Headers.TryAddWithoutValidation("X-Actor-Area", Area);
        if (Unit is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Actor-Unit", Unit);
        }
    }

    public IEnumerable<KeyValuePair<string, string>> Headers()
    {
        yield return new("X-Actor-User", User);
        yield return new("X-Actor-Role", Role);
        yield return new("X-Actor-Area", Area);
        if (Unit is not null)
        {
            yield return new("X-Actor-Unit", Unit);
        }
    }
}
