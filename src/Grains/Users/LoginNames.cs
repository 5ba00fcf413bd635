using RuleOfLaw.Grains.Common;

namespace RuleOfLaw.Grains.Users;

/// <summary>
/// Login names: the key of a user's grain, so one spelling per person. Case does not count
/// ("Admin" and "admin" are one login); the characters are those every issuer and keyboard share.
/// </summary>
public static class LoginNames
{
    public const int MinLength = 2;
    public const int MaxLength = 100;

    /// <summary>The form a login is stored and keyed under: trimmed, lower case (invariant).</summary>
    public static string Normalize(string login) => login.Trim().ToLowerInvariant();

    /// <summary>What is wrong with a login name, or null when it is acceptable.</summary>
    public static LocalizedText? Problem(string? login)
    {
        var value = login?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return Text.Of("登录名为必填项。", "login is required.");
        }

        if (value.Length is < MinLength or > MaxLength)
        {
            return Text.Of($"登录名须为 {MinLength} 至 {MaxLength} 个字符。", $"login must be {MinLength} to {MaxLength} characters long.");
        }

        if (!char.IsAsciiLetterOrDigit(value[0]) || !value.All(IsAllowed))
        {
            return Text.Of(
                "登录名只能包含英文字母、数字和 . _ - @ +，并以字母或数字开头。",
                "login may contain only letters, digits and . _ - @ +, and must start with a letter or digit.");
        }

        return null;
    }

    public static bool IsValid(string? login) => Problem(login) is null;

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@' or '+';
}
