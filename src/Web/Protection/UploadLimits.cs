using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace RuleOfLaw.Web.Protection;

/// <summary>
/// The API takes bodies of at most 64 KiB (<see cref="WebExtensions.MaxRequestBodyBytes"/>); an
/// endpoint that receives files says so with <see cref="AcceptsUploads{TBuilder}"/> and may then take
/// up to <c>Protection:MaxUploadBytes</c>. Routing applies the marker's limit to the request before
/// the body is read; a bigger body is answered 413 with a ProblemDetails like any other.
/// </summary>
public static class UploadLimits
{
    public static TBuilder AcceptsUploads<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            var options = endpoint.ApplicationServices.GetRequiredService<IOptions<ProtectionOptions>>().Value;
            endpoint.Metadata.Add(new UploadSizeLimit(options.MaxUploadBytes));
        });
        return builder;
    }
}

/// <summary>The marker: ASP.NET Core's routing sets the request's body limit from any <see cref="IRequestSizeLimitMetadata"/>.</summary>
public sealed record UploadSizeLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
