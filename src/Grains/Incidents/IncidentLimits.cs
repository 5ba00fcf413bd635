namespace RuleOfLaw.Grains.Incidents;

/// <summary>Size limits of what people type and attach; one place, enforced by the lifecycle rule.</summary>
public static class IncidentLimits
{
    public const int DescriptionLength = 2000;
    public const int AddressLength = 200;
    public const int ReasonLength = 1000;
    public const int AttachmentCount = 10;
    public const int AttachmentReferenceLength = 300;
    public const int ExtensionValueMax = 1000;

    /// <summary>The most candidates a duplicate flag names: the nearest ones matter, a long list helps nobody.</summary>
    public const int DuplicateCandidates = 10;
}
