namespace RuleOfLaw.Grains.Catalogue;

/// <summary>
/// The ten top-level case categories of the district programme (domain.md §2). The catalogue data
/// names and describes them; the codes themselves are fixed because dashboards, routing and
/// assessment refer to them.
/// </summary>
public static class CategoryCodes
{
    public const string PublicSecurity = "SZ";
    public const string ProductionSafety = "AQ";
    public const string SocialOrganisations = "ZZ";
    public const string SpecialPopulations = "TS";
    public const string SocialAssistance = "JZ";
    public const string Emergencies = "TF";
    public const string DisputesAndPetitions = "MD";
    public const string UrbanManagement = "CG";
    public const string EnforcementCoordination = "ZF";
    public const string OnlinePublicOpinion = "YQ";

    /// <summary>All ten codes in the order of domain.md §2.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        PublicSecurity,
        ProductionSafety,
        SocialOrganisations,
        SpecialPopulations,
        SocialAssistance,
        Emergencies,
        DisputesAndPetitions,
        UrbanManagement,
        EnforcementCoordination,
        OnlinePublicOpinion,
    ];
}
