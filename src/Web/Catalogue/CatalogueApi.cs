using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using RuleOfLaw.Grains.Access;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.Grains.Supervision;
using RuleOfLaw.Web.Access;
using RuleOfLaw.Web.Errors;
using RuleOfLaw.Web.Incidents;

namespace RuleOfLaw.Web.Catalogue;

public sealed record CategoryResponse(Category Category, IReadOnlyList<Subcategory> Subcategories);

/// <summary>The power list (catalogue): reference data every client loads.</summary>
public static class CatalogueApi
{
    public static IEndpointRouteBuilder MapCatalogueApi(this IEndpointRouteBuilder app)
    {
        var catalogue = app.MapGroup("/api/catalogue").WithTags("Catalogue").RequireDoor(Permission.ReadReference);
        catalogue.MapGet("/", AllCategories).WithName("GetCatalogue").WithSummary("Every category with its subcategories.");
        app.MapGet("/api/labels", Labels)
            .WithTags("Catalogue")
            .RequireDoor(Permission.ReadReference)
            .WithName("GetLabels")
            .WithSummary("The zh-CN and en names of states, steps, roles, sources and closure kinds, keyed by their API names.");
        catalogue.MapGet("/{code}", OneEntry).WithName("GetCatalogueEntry").WithSummary("One category (2 letters) or subcategory (e.g. CG01).");
        return app;
    }

    private static Ok<IReadOnlyList<CategoryResponse>> AllCategories(CatalogueBook book) =>
        TypedResults.Ok<IReadOnlyList<CategoryResponse>>(book.Categories
            .Select(category => new CategoryResponse(category, book.SubcategoriesOf(category.Code).ToList()))
            .ToList());

    private static Results<Ok<CategoryResponse>, Ok<Subcategory>, ProblemHttpResult> OneEntry(string code, CatalogueBook book)
    {
        if (code.Length > 10 || !code.All(char.IsAsciiLetterOrDigit))
        {
            return Problems.Invalid("code", Text.Of("code 须为事件大类编码（如 CG）或小类编码（如 CG01）。", "code must be a category code (e.g. CG) or a subcategory code (e.g. CG01)."));
        }

        var normalized = code.ToUpperInvariant();
        if (book.FindCategory(normalized) is { } category)
        {
            return TypedResults.Ok(new CategoryResponse(category, book.SubcategoriesOf(category.Code).ToList()));
        }

        return book.FindSubcategory(normalized) is { } subcategory
            ? TypedResults.Ok(subcategory)
            : Problems.NotFound(Text.Of($"没有编码为 {code} 的事件大类或小类。", $"No category or subcategory with code {code}."));
    }

    private static Ok<LabelsResponse> Labels() => TypedResults.Ok(new LabelsResponse(
        Enum.GetValues<IncidentState>().ToDictionary(value => value.ToString(), IncidentLabels.Of),
        Enum.GetValues<CommandKind>().ToDictionary(CommandRoutes.Segment, IncidentLabels.Of),
        Enum.GetValues<Role>().ToDictionary(value => value.ToString(), IncidentLabels.Of),
        Enum.GetValues<IncidentSource>().ToDictionary(value => value.ToString(), IncidentLabels.Of),
        Enum.GetValues<ClosureKind>().ToDictionary(value => value.ToString(), IncidentLabels.Of))
    {
        Obligations = Enum.GetValues<ObligationStatus>().ToDictionary(value => value.ToString(), IncidentLabels.Of),
    });
}

/// <summary>Names people read, so every client says the same words as the server's messages.</summary>
public sealed record LabelsResponse(
    IReadOnlyDictionary<string, LocalizedText> States,
    IReadOnlyDictionary<string, LocalizedText> Steps,
    IReadOnlyDictionary<string, LocalizedText> Roles,
    IReadOnlyDictionary<string, LocalizedText> Sources,
    IReadOnlyDictionary<string, LocalizedText> Closures)
{
    /// <summary>Where a supervision order or a summons stands (<c>status</c> of the supervision and summons queues).</summary>
    public IReadOnlyDictionary<string, LocalizedText> Obligations { get; init; } = new Dictionary<string, LocalizedText>();
}
