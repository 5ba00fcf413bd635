namespace RuleOfLaw.Grains.Incidents;

/// <summary>Why the lifecycle rule refused a command; each maps to one HTTP status at the edge.</summary>
public enum RefusalKind
{
    /// <summary>A field of the command is missing, too long or out of range (400).</summary>
    Invalid,

    /// <summary>The case does not exist (404).</summary>
    NotFound,

    /// <summary>The step is not allowed from the current state, for the actor's role, unit or area (409).</summary>
    NotAllowed,

    /// <summary>A retried report carries different content than the first one (409).</summary>
    ConflictingRetry,

    /// <summary>The command is well-formed but cannot apply: e.g. the location is outside the district (422).</summary>
    Unprocessable,
}

/// <summary>The outcome of <see cref="IncidentLifecycle.Decide"/>: an event to append, or a refusal.</summary>
public abstract record Decision;

public sealed record Accepted(IncidentEvent Event) : Decision;

public sealed record Refused(
    RefusalKind Kind,
    string Message,
    IReadOnlyDictionary<string, string[]> FieldErrors,
    IReadOnlyList<CommandKind> Allowed) : Decision
{
    public static Refused Invalid(IReadOnlyDictionary<string, string[]> errors) =>
        new(RefusalKind.Invalid, "One or more fields are invalid.", errors, []);

    public static Refused Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });
}
