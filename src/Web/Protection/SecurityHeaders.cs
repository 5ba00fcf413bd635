using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace RuleOfLaw.Web.Protection;

/// <summary>
/// Headers every response carries, set as the response starts so that they also reach errors,
/// 404s and answers written by middleware that runs later (exception handler, status code pages,
/// authentication challenges). A page that needs a different Content-Security-Policy sets its own
/// (the accountability page does); it keeps it, with <c>frame-ancestors 'none'</c> added unless the
/// page names its own.
/// </summary>
public sealed class SecurityHeaders(HstsOptions hsts)
{
    /// <summary>Nothing may load, run or frame an API answer.</summary>
    public const string ApiContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>The grid worker's app uses the phone's position and camera from this origin; nothing else is allowed anywhere.</summary>
    public const string PermissionsPolicy =
        "geolocation=(self), camera=(self), microphone=(), payment=(), usb=(), serial=(), bluetooth=(), midi=(), "
        + "accelerometer=(), gyroscope=(), magnetometer=(), display-capture=(), screen-wake-lock=(), xr-spatial-tracking=(), "
        + "publickey-credentials-get=(), browsing-topics=()";

    private readonly string? _strictTransportSecurity = hsts.Enabled
        ? $"max-age={((long)hsts.MaxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture)}{(hsts.IncludeSubDomains ? "; includeSubDomains" : string.Empty)}"
        : null;

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        context.Response.OnStarting(static state =>
        {
            var (headers, context) = ((SecurityHeaders, HttpContext))state;
            headers.Apply(context);
            return Task.CompletedTask;
        }, (this, context));
        return next(context);
    }

    /// <summary>Sets the headers on the response; called as it starts.</summary>
    public void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Permissions-Policy"] = PermissionsPolicy;
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers.ContentSecurityPolicy = WithFrameAncestors(headers.ContentSecurityPolicy.ToString());

        // Answers of the API and the hub carry personal data: no browser or proxy may keep them.
        if (CarriesPersonalData(context.Request.Path) && string.IsNullOrEmpty(headers.CacheControl))
        {
            headers.CacheControl = "no-store";
        }

        // Over plain HTTP the header is ignored by browsers, and behind a proxy that ends TLS the
        // proxy sets it (deploy/configuration.md).
        if (_strictTransportSecurity is not null && context.Request.IsHttps)
        {
            headers.StrictTransportSecurity = _strictTransportSecurity;
        }
    }

    /// <summary>The API's policy when the endpoint set none; the endpoint's own with <c>frame-ancestors 'none'</c> added otherwise.</summary>
    public static string WithFrameAncestors(string? endpointPolicy)
    {
        if (string.IsNullOrWhiteSpace(endpointPolicy))
        {
            return ApiContentSecurityPolicy;
        }

        return endpointPolicy.Contains("frame-ancestors", StringComparison.OrdinalIgnoreCase)
            ? endpointPolicy
            : $"{endpointPolicy.TrimEnd().TrimEnd(';')}; frame-ancestors 'none'";
    }

    private static bool CarriesPersonalData(PathString path) =>
        path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase);
}
