using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using RuleOfLaw.Grains.Access;

namespace RuleOfLaw.Web.Access;

/// <summary>The door an endpoint guards, as endpoint metadata.</summary>
public sealed record DoorMetadata(Door Door);

/// <summary>How an endpoint names its door, and the start-up check that every API endpoint does.</summary>
public static class DoorEndpoints
{
    /// <summary>Authenticated callers whose role <see cref="AccessPolicy"/> admits through <paramref name="door"/>.</summary>
    public static TBuilder RequireDoor<TBuilder>(this TBuilder builder, Door door)
        where TBuilder : IEndpointConventionBuilder =>
        builder
            .RequireAuthorization(policy => policy.RequireAuthenticatedUser().AddRequirements(new DoorRequirement(door)))
            .WithMetadata(new DoorMetadata(door));

    public static TBuilder RequireDoor<TBuilder>(this TBuilder builder, Permission permission)
        where TBuilder : IEndpointConventionBuilder => builder.RequireDoor(Door.Of(permission));

    /// <summary>
    /// Refuses to start a node with an API endpoint that names no door and is not explicitly
    /// anonymous: a new endpoint cannot slip past the policy table (or the matrix test built from it).
    /// </summary>
    public static void VerifyEveryApiEndpointHasADoor(IEnumerable<EndpointDataSource> sources)
    {
        var unguarded = sources
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .Where(endpoint => endpoint.Metadata.GetMetadata<DoorMetadata>() is null && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .Select(endpoint => $"{string.Join(',', endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [])} {endpoint.RoutePattern.RawText}")
            .ToList();
        if (unguarded.Count > 0)
        {
            throw new InvalidOperationException($"API endpoints without a door of the access policy: {string.Join("; ", unguarded)}.");
        }
    }
}
