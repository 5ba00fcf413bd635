using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using RuleOfLaw.Grains.Users;

namespace RuleOfLaw.Web.Sessions;

/// <summary>
/// Password hashes with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2,
/// HMAC-SHA512, 100,000 iterations, salted), and random passwords for seeded accounts and resets.
/// </summary>
public sealed class Passwords
{
    /// <summary>No look-alikes (0/O, 1/l/I), so a password read off a console can be typed.</summary>
    private const string Alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private const int GeneratedLength = 20;

    private readonly PasswordHasher<string> _hasher = new();

    public Passwords()
    {
        // A hash of nothing anyone knows: checked for unknown logins, so they take as long as known ones.
        DummyHash = _hasher.HashPassword(string.Empty, Generate(string.Empty));
    }

    public string DummyHash { get; }

    public string Hash(string login, string password) => _hasher.HashPassword(login, password);

    public PasswordVerificationResult Verify(string login, string hash, string password) =>
        _hasher.VerifyHashedPassword(login, hash, password);

    /// <summary>20 characters from 56 (about 116 bits), drawn by <see cref="RandomNumberGenerator"/>; passes the policy.</summary>
    public static string Generate(string login)
    {
        while (true)
        {
            var password = RandomNumberGenerator.GetString(Alphabet, GeneratedLength);
            if (UserRules.PasswordProblem(password, login) is null || login.Length == 0)
            {
                return password;
            }
        }
    }
}
