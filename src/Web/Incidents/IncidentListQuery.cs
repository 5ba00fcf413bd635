using System.Globalization;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Incidents;

namespace RuleOfLaw.Web.Incidents;

public sealed record IncidentPage(string Scope, IReadOnlyList<IncidentSummary> Items, int Total, int Page, int PageSize);

/// <summary>
/// The filters and paging every case list shares (an area's, a unit's), parsed from the query
/// string by hand so that each bad parameter is named in the 400.
/// </summary>
public sealed record IncidentListQuery(IncidentFilter Filter, int Page, int PageSize)
{
    public const int MaxPageSize = 200;
    public const int DefaultPageSize = 50;

    public static IncidentListQuery Parse(
        string[]? state, string? category, string? page, string? pageSize, CatalogueBook catalogue, Dictionary<string, LocalizedText[]> errors)
    {
        var states = new List<IncidentState>();
        foreach (var text in state ?? [])
        {
            if (Enum.TryParse<IncidentState>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
            {
                states.Add(parsed);
            }
            else
            {
                errors["state"] = [Text.Of(
                    $"“{text}”不是事件状态，可选：{string.Join("、", Enum.GetNames<IncidentState>())}。",
                    $"'{text}' is not a state; use one of {string.Join(", ", Enum.GetNames<IncidentState>())}.")];
            }
        }

        if (category is not null && catalogue.FindCategory(category) is null)
        {
            errors["category"] = [Text.Of($"“{category}”不是事件大类。", $"'{category}' is not a category of the catalogue.")];
        }

        var pageNumber = ParsePositive(page, 1, int.MaxValue, "page", errors);
        var size = ParsePositive(pageSize, DefaultPageSize, MaxPageSize, "pageSize", errors);
        return new IncidentListQuery(new IncidentFilter(states.Count > 0 ? states : null, category), pageNumber, size);
    }

    /// <summary>One page of an already sorted list.</summary>
    public IncidentPage PageOf(string scope, IReadOnlyList<IncidentSummary> all)
    {
        // In long: page × pageSize overflows an int long before the page number is rejected.
        var skip = (long)(Page - 1) * PageSize;
        var items = skip >= all.Count ? [] : all.Skip((int)skip).Take(PageSize).ToList();
        return new IncidentPage(scope, items, all.Count, Page, PageSize);
    }

    private static int ParsePositive(string? text, int fallback, int max, string field, Dictionary<string, LocalizedText[]> errors)
    {
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1 && value <= max)
        {
            return value;
        }

        errors[field] = [Text.Of($"{field} 须为 1 到 {max} 之间的整数。", $"{field} must be a whole number from 1 to {max}.")];
        return fallback;
    }
}
