namespace RuleOfLaw.Grains.Privacy;

/// <summary>The shapes of personal data the system accepts, checked before anything is stored.</summary>
public static class PersonalFormats
{
    public const int NameLength = 50;

    public const int DetailsLength = 500;

    private static readonly int[] IdWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    private const string IdCheckCharacters = "10X98765432";

    /// <summary>5–20 digits with optional +, - and spaces: landlines, mobiles and extensions as people write them.</summary>
    public static bool IsPhone(string phone)
    {
        var digits = phone.Count(char.IsAsciiDigit);
        return phone.Length <= 30 && digits is >= 5 and <= 20 && phone.All(c => char.IsAsciiDigit(c) || c is '+' or '-' or ' ');
    }

    /// <summary>GB 11643-1999: 17 digits and a check character (ISO 7064 MOD 11-2), X for ten.</summary>
    public static bool IsResidentIdNumber(string idNumber)
    {
        if (idNumber.Length != 18 || idNumber.AsSpan(0, 17).ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (idNumber[i] - '0') * IdWeights[i];
        }

        return char.ToUpperInvariant(idNumber[17]) == IdCheckCharacters[sum % 11];
    }
}
