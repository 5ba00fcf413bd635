namespace RuleOfLaw.Host.Tests.Infrastructure;

/// <summary>
/// The demo district (seeded on a node's first start) and which street each test class of the
/// shared node works in, so that exact counts and "nothing else arrived" hold while the
/// classes share one node. A class that needs a quiet area takes one here.
/// </summary>
public static class DemoAreas
{
    public const string District = "510802";

    /// <summary>Personal information: restricted fields, blurred places, recorded reads.</summary>
    public const string PrivacyStreet = "510802001";

    /// <summary>The closed loop and its other paths.</summary>
    public const string LoopStreet = "510802002";

    /// <summary>Idempotent reports.</summary>
    public const string IdempotencyStreet = "510802003";

    /// <summary>Listings and counters; the only place the categories ZZ and JZ are reported on the shared node.</summary>
    public const string ListingStreet = "510802004";

    /// <summary>Live push: the subscribed scope.</summary>
    public const string LiveStreet = "510802005";

    /// <summary>Live push: the street outside the subscribed scope.</summary>
    public const string OtherLiveStreet = "510802006";

    /// <summary>Bad input.</summary>
    public const string BadInputStreet = "510802007";

    /// <summary>Refusals (409, 404).</summary>
    public const string RefusalStreet = "510802008";

    /// <summary>Audit chain and accountability packets.</summary>
    public const string AuditStreet = "510802009";

    /// <summary>The authorization matrix: the cases every door opens onto.</summary>
    public const string AccessStreet = "510802010";

    /// <summary>The authorization matrix: where out-of-scope callers have their jurisdiction.</summary>
    public const string OtherAccessStreet = "510802011";

    /// <summary>Counts of the generated district (domain.md §1, the demo generator).</summary>
    public const int StreetCount = 11;
    public const int CommunityCount = 47;
    public const int GridCount = 945;
}
