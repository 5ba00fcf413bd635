using System.Diagnostics.CodeAnalysis;

namespace RuleOfLaw.Web.Incidents;

/// <summary>Incident ids are client-generated UUIDs; one canonical spelling keys one grain.</summary>
public static class IncidentIds
{
    public static bool TryNormalize(string? text, [NotNullWhen(true)] out string? id)
    {
        id = null;
        if (text is null || text.Length > 36 || !Guid.TryParseExact(text, "D", out var guid) || guid == Guid.Empty)
        {
            return false;
        }

        id = guid.ToString("D");
        return true;
    }
}
