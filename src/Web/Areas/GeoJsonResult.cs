using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using NetTopologySuite.Features;
using NetTopologySuite.IO.Converters;
using RuleOfLaw.Grains.Areas;

namespace RuleOfLaw.Web.Areas;

/// <summary>
/// A 200 response whose body is GeoJSON (RFC 7946), written by NetTopologySuite's
/// System.Text.Json converters and served as <c>application/geo+json</c>.
/// </summary>
public sealed class GeoJsonResult : IResult, IStatusCodeHttpResult, IContentTypeHttpResult, IEndpointMetadataProvider
{
    public const string MediaType = "application/geo+json";

    /// <summary>
    /// The attribute the writer lifts out of "properties" into the Feature's top-level "id"
    /// (a feature may carry the same value again under another name, such as "code").
    /// </summary>
    public const string FeatureIdAttribute = "id";

    /// <summary>
    /// The area polygons are stored with counter-clockwise exterior rings already (the GeoJSON
    /// right-hand rule), so the writer must not touch them: the geometries are shared by every request.
    /// </summary>
    public static JsonSerializerOptions SerializerOptions { get; } = CreateOptions();

    private readonly object _body;
    private readonly Type _bodyType;

    private GeoJsonResult(object body, Type bodyType) => (_body, _bodyType) = (body, bodyType);

    public static GeoJsonResult Of(IFeature feature) => new(feature, typeof(IFeature));

    public static GeoJsonResult Of(FeatureCollection features) => new(features, typeof(FeatureCollection));

    public int? StatusCode => StatusCodes.Status200OK;

    public string? ContentType => MediaType;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = $"{MediaType}; charset=utf-8";
        return JsonSerializer.SerializeAsync(httpContext.Response.Body, _body, _bodyType, SerializerOptions, httpContext.RequestAborted);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(object), [MediaType]));

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            Encoder = JavaScriptEncoder.Create(UnicodeRanges.BasicLatin, UnicodeRanges.CjkUnifiedIdeographs),
            Converters =
            {
                new GeoJsonConverterFactory(
                    AreaGeometry.Factory,
                    writeGeometryBBox: false,
                    idPropertyName: FeatureIdAttribute,
                    RingOrientationOption.DoNotModify),
            },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
