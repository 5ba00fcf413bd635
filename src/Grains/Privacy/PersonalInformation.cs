namespace RuleOfLaw.Grains.Privacy;

/// <summary>The citizen who brought a case (a caller, a petitioner, a walk-in): whom to reply to.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Privacy.ContactDetails")]
public sealed record ContactDetails(
    [property: Id(0)] string Name,
    [property: Id(1)] string? Phone);

/// <summary>The person a case is about (a member of a special population, a party to a dispute).</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Privacy.PersonDetails")]
public sealed record PersonDetails(
    [property: Id(0)] string Name,
    [property: Id(1)] string? IdNumber,
    [property: Id(2)] string? Details);

/// <summary>Personal information a report carries; restricted (domain.md §7), never in summaries, lists or pushes.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Privacy.PersonalInformation")]
public sealed record PersonalInformation(
    [property: Id(0)] ContactDetails? Reporter,
    [property: Id(1)] PersonDetails? Subject);

/// <summary>What the restricted-fields door reveals of one case: its people and, if sensitive, where exactly it is.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Privacy.RestrictedDetails")]
public sealed record RestrictedDetails(
    [property: Id(0)] string IncidentId,
    [property: Id(1)] ContactDetails? Reporter,
    [property: Id(2)] PersonDetails? Subject,
    [property: Id(3)] bool Sensitive,
    [property: Id(4)] double Longitude,
    [property: Id(5)] double Latitude,
    [property: Id(6)] string? Address);

/// <summary>
/// One read of restricted personal information (a case's restricted fields, a person's track):
/// who, in which role and unit, when (domain.md §7: reads are recorded), and what was read when
/// a read covers a part (a track's time window).
/// </summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Privacy.RestrictedRead")]
public sealed record RestrictedRead(
    [property: Id(0)] string UserId,
    [property: Id(1)] Actors.Role Role,
    [property: Id(2)] string? UnitId,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string? What = null);
