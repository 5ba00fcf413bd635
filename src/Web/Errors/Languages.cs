using Microsoft.AspNetCore.Builder;

namespace RuleOfLaw.Web.Errors;

/// <summary>
/// The product speaks zh-CN by default and en on request (<c>Accept-Language</c>, or
/// <c>?culture=en</c> where headers cannot be set).
/// </summary>
public static class Languages
{
    public const string Default = "zh-CN";

    public static readonly string[] Supported = [Default, "en"];

    public static WebApplication UseRuleOfLawLanguages(this WebApplication app)
    {
        app.UseRequestLocalization(options =>
        {
            options.SetDefaultCulture(Default).AddSupportedCultures(Supported).AddSupportedUICultures(Supported);
            options.FallBackToParentUICultures = true;
            options.FallBackToParentCultures = true;
        });
        return app;
    }
}
