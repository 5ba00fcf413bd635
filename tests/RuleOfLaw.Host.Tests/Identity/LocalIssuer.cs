using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using RuleOfLaw.Tests.Shared;

namespace RuleOfLaw.Host.Tests.Identity;

/// <summary>
/// A stand-in for a production OpenID Connect issuer: a tiny Kestrel app on loopback serving a
/// discovery document and its signing key (JWKS), and signing tokens with that RSA key. The node
/// fetches both over real HTTP and validates with the JwtBearer handler, as against a real issuer.
/// </summary>
public sealed class LocalIssuer : IAsyncDisposable
{
    public const string Audience = "ruleoflaw-tests";

    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key;

    private LocalIssuer(WebApplication app, RsaSecurityKey key, string authority)
    {
        _app = app;
        _key = key;
        Authority = authority;
    }

    /// <summary>The issuer's address; also the <c>iss</c> of its tokens.</summary>
    public string Authority { get; }

    public static LocalIssuer Start()
    {
        var key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = Guid.NewGuid().ToString("N") };
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        string? authority = null;
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = authority!,
            ["jwks_uri"] = $"{authority}/jwks",
            ["id_token_signing_alg_values_supported"] = new[] { SecurityAlgorithms.RsaSha256 },
        }));
        app.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(key);
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, use = "sig", kid = jwk.Kid, alg = SecurityAlgorithms.RsaSha256, n = jwk.N, e = jwk.E } } });
        });
        app.StartAsync().GetAwaiter().GetResult();
        authority = app.Urls.Single().TrimEnd('/');
        return new LocalIssuer(app, key, authority);
    }

    /// <summary>A token of this issuer with the given claims, valid for <paramref name="lifetime"/> (default 10 minutes).</summary>
    public string Token(IDictionary<string, object> claims, TimeSpan? lifetime = null, SecurityKey? signWith = null)
    {
        var now = DateTime.UtcNow;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = Audience,
            IssuedAt = now,
            NotBefore = now.AddMinutes(-1),
            Expires = now + (lifetime ?? TimeSpan.FromMinutes(10)),
            Claims = claims,
            SigningCredentials = new SigningCredentials(signWith ?? _key, SecurityAlgorithms.RsaSha256),
        });
        SecretsLedger.Record(token);
        return token;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
