using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using RuleOfLaw.Grains.Sessions;
using RuleOfLaw.Grains.Users;
using RuleOfLaw.Web.Actors;

namespace RuleOfLaw.Web.Sessions;

/// <summary>An access token with what a client needs to use and renew it.</summary>
public sealed record IssuedTokens(string AccessToken, DateTimeOffset AccessTokenExpiresAt, string RefreshToken, DateTimeOffset RefreshTokenExpiresAt);

/// <summary>
/// Issues the short-lived access tokens (JWT, HMAC-SHA256) and the opaque refresh tokens. The
/// signing key is loaded once when the node starts, from <c>Authentication:Tokens:SigningKey</c> or
/// else from the store (<see cref="ISigningKeyGrain"/>), so every node signs and checks alike.
/// </summary>
public sealed class AccessTokens(IGrainFactory grains, IOptions<TokenSettings> options, TimeProvider time) : IHostedService
{
    public const string Algorithm = SecurityAlgorithms.HmacSha256;

    /// <summary>Backdated so that a node whose clock runs a little behind the issuer's accepts the token at once.</summary>
    private static readonly TimeSpan NotBeforeMargin = TimeSpan.FromMinutes(1);

    private readonly JsonWebTokenHandler _handler = new();
    private SymmetricSecurityKey? _key;

    public TokenSettings Settings => options.Value;

    public SecurityKey SigningKey => _key ?? throw new InvalidOperationException("The token signing key is not loaded yet.");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value.SigningKey;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(configured.Trim());
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"{TokenSettings.Section}:SigningKey is not base64.");
            }

            _key = bytes.Length >= 32
                ? new SymmetricSecurityKey(bytes) { KeyId = KeyIdOf(bytes) }
                : throw new InvalidOperationException($"{TokenSettings.Section}:SigningKey must decode to at least 32 bytes; it has {bytes.Length}.");
            return;
        }

        var stored = await grains.GetGrain<ISigningKeyGrain>(ISigningKeyGrain.Key).SigningKey();
        _key = new SymmetricSecurityKey(stored) { KeyId = KeyIdOf(stored) };
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>An access token for the account as it is now, and a fresh refresh token to go with it.</summary>
    public (string AccessToken, DateTimeOffset ExpiresAt) Issue(UserSession session)
    {
        var now = time.GetUtcNow();

        // A JWT's exp is in whole seconds: say the same instant the token carries.
        var expires = DateTimeOffset.FromUnixTimeSeconds((now + Settings.AccessTokenLifetime).ToUnixTimeSeconds());
        var claims = ActorClaims.Of(session).ToDictionary(claim => claim.Type, claim => (object)claim.Value);
        claims[JwtRegisteredClaimNames.Jti] = Guid.NewGuid().ToString("N");
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Settings.Issuer,
            Audience = Settings.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = (now - NotBeforeMargin).UtcDateTime,
            Expires = expires.UtcDateTime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(SigningKey, Algorithm),
        });
        return (token, expires);
    }

    /// <summary>
    /// An opaque refresh token: the login (so the right account is asked) and 256 random bits.
    /// Only its SHA-256 is stored.
    /// </summary>
    public static (string Token, string Hash) NewRefreshToken(string login)
    {
        var token = $"{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(login))}.{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))}";
        return (token, HashOf(token));
    }

    /// <summary>The login a refresh token belongs to, and its hash; false when it is not one of ours.</summary>
    public static bool TryRead(string? token, out string login, out string hash)
    {
        login = hash = "";
        if (string.IsNullOrWhiteSpace(token) || token.Length > 512 || token.Split('.') is not [var encodedLogin, var secret] || secret.Length < 40)
        {
            return false;
        }

        try
        {
            login = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(encodedLogin));
        }
        catch (FormatException)
        {
            return false;
        }

        hash = HashOf(token);
        return LoginNames.IsValid(login);
    }

    public static string HashOf(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Names the key without revealing it, so a rotated key is told apart in tokens.</summary>
    private static string KeyIdOf(byte[] key) => Convert.ToHexString(SHA256.HashData(key))[..16];
}
