using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Web.Actors;
using RuleOfLaw.Web.Errors;

namespace RuleOfLaw.Web.Sessions;

/// <summary>
/// Cookies go with every request a browser makes, including those another site provokes; a token
/// that only this application's pages can read must come with them. Every state-changing request
/// authenticated by the session cookie carries it in <see cref="Authentication.AntiforgeryHeader"/>;
/// bearer tokens and development headers are not sent by browsers on their own and need none.
/// </summary>
public static class AntiforgeryCheck
{
    public static WebApplication UseRuleOfLawAntiforgery(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (NeedsToken(context))
            {
                var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
                try
                {
                    await antiforgery.ValidateRequestAsync(context);
                }
                catch (AntiforgeryValidationException)
                {
                    await Problems.Invalid(Authentication.AntiforgeryHeader, Text.Of(
                            $"已登录的浏览器修改数据时须在 {Authentication.AntiforgeryHeader} 请求头中带上登录时取得的防伪令牌。",
                            $"A signed-in browser must send the anti-forgery token it got at sign-in in the {Authentication.AntiforgeryHeader} header with every change."))
                        .ExecuteAsync(context);
                    return;
                }
            }

            await next(context);
        });
        return app;
    }

    private static bool NeedsToken(HttpContext context) =>
        (HttpMethods.IsPost(context.Request.Method) || HttpMethods.IsPut(context.Request.Method)
            || HttpMethods.IsPatch(context.Request.Method) || HttpMethods.IsDelete(context.Request.Method))
        && context.User.AuthenticatedBy() == Authentication.SessionScheme
        // Signing in again over a live session needs no token: it proves itself with the password.
        && !(HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Equals(SessionApi.Path, StringComparison.OrdinalIgnoreCase));
}
