using RuleOfLaw.Grains.Common;

namespace RuleOfLaw.Grains.Incidents;

/// <summary>Why the lifecycle rule refused a command; each maps to one HTTP status at the edge.</summary>
public enum RefusalKind
{
    /// <summary>A field of the command is missing, too long or out of range (400).</summary>
    Invalid,

    /// <summary>The case does not exist (404).</summary>
    NotFound,

    /// <summary>The step is not allowed from the current state or while a request is pending (409).</summary>
    NotAllowed,

    /// <summary>The step is not the actor's: their role, area or unit does not reach it (403).</summary>
    Forbidden,

    /// <summary>A retried report carries different content than the first one (409).</summary>
    ConflictingRetry,

    /// <summary>The command is well-formed but cannot apply: e.g. the location is outside the district (422).</summary>
    Unprocessable,
}

/// <summary>The outcome of <see cref="IncidentLifecycle.Decide"/>: an event to append, or a refusal.</summary>
public abstract record Decision;

public sealed record Accepted(IncidentEvent Event) : Decision;

/// <summary>A refusal: what kind, a message for people, the bad fields by API name, and what the actor may do instead.</summary>
public sealed record Refused(
    RefusalKind Kind,
    LocalizedText Message,
    IReadOnlyDictionary<string, LocalizedText[]> FieldErrors,
    IReadOnlyList<CommandKind> Allowed) : Decision
{
    public static readonly IReadOnlyDictionary<string, LocalizedText[]> NoFieldErrors = new Dictionary<string, LocalizedText[]>();

    public static Refused Invalid(IReadOnlyDictionary<string, LocalizedText[]> errors) =>
        new(RefusalKind.Invalid, Text.Of("有字段不符合要求。", "One or more fields are invalid."), errors, []);
}
