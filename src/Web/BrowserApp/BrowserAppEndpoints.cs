using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;
using RuleOfLaw.Web.Protection;

namespace RuleOfLaw.Web.BrowserApp;

/// <summary>
/// The browser application (src/Web/ClientApp, built into the node's wwwroot by the build), served
/// from the node's own origin: its files as they are, and its page for every other path the app
/// routes itself (/console, /wall, /worker, ...), so a bookmark or a reload works. The server's own
/// paths are never answered with the page: an unknown API path stays a 404 ProblemDetails.
/// </summary>
public static class BrowserAppEndpoints
{
    /// <summary>
    /// The app's policy: everything from this origin only (scripts, styles, the hub's WebSocket,
    /// images), nothing inline and no eval. The build emits no inline script or style (Vite writes
    /// files, vue-i18n compiles messages without eval, Vue and Leaflet style elements through the
    /// CSSOM, which the policy allows); data: and blob: images are for photos taken on the device.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; "
        + "connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; "
        + "form-action 'self'; frame-ancestors 'none'";

    private const string IndexFile = "index.html";

    /// <summary>Paths the server answers itself; the app's page never stands in for them.</summary>
    private static readonly PathString[] ServerPaths = ["/api", "/hubs", "/health", "/openapi"];

    /// <summary>The app's files. Vite names them by content hash under /assets, so they never change and may be kept for good.</summary>
    public static WebApplication UseRuleOfLawBrowserApp(this WebApplication app)
    {
        app.UseStaticFiles(new StaticFileOptions
        {
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                if (context.File.Name.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
                {
                    PreparePage(context.Context.Response);
                }
                else if (context.Context.Request.Path.StartsWithSegments("/assets", StringComparison.Ordinal))
                {
                    headers.CacheControl = "public, max-age=31536000, immutable";
                }
            },
        });
        return app;
    }

    /// <summary>The app's page for every GET of a path that names no file and is not the server's own.</summary>
    public static IEndpointRouteBuilder MapRuleOfLawBrowserApp(this IEndpointRouteBuilder app)
    {
        app.MapFallback("{*path:nonfile}", Page)
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]))
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }

    private static IResult Page(HttpContext context, IWebHostEnvironment environment)
    {
        var path = context.Request.Path;
        var index = environment.WebRootFileProvider.GetFileInfo(IndexFile);
        if (ServerPaths.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase)) || !index.Exists || index.PhysicalPath is null)
        {
            // An empty 404: the status code pages write the ProblemDetails, as for any unknown path.
            return TypedResults.NotFound();
        }

        PreparePage(context.Response);
        return TypedResults.PhysicalFile(index.PhysicalPath, "text/html; charset=utf-8");
    }

    /// <summary>The page is small and names the current hashed files: always asked again, never stored stale.</summary>
    private static void PreparePage(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.CacheControl = "no-cache";
    }
}
