using RuleOfLaw.Grains.Users;

namespace RuleOfLaw.Domain.Tests.Users;

public sealed class LoginNameTests
{
    [Theory]
    [InlineData("admin")]
    [InlineData("zhang.san@lizhou.gov.cn")]
    [InlineData("handler-law-enforcement")]
    [InlineData("u_2")]
    [InlineData("a+b")]
    public void OrdinaryLoginsAreAccepted(string login) => Assert.Null(LoginNames.Problem(login));

    [Theory]
    [InlineData(null, "login is required.")]
    [InlineData("  ", "login is required.")]
    [InlineData("a", "login must be 2 to 100 characters long.")]
    [InlineData("zhang san", "login may contain only letters, digits and . _ - @ +, and must start with a letter or digit.")]
    [InlineData("-lead", "login may contain only letters, digits and . _ - @ +, and must start with a letter or digit.")]
    [InlineData("张三", "login may contain only letters, digits and . _ - @ +, and must start with a letter or digit.")]
    public void OtherLoginsAreRefusedWithTheReason(string? login, string reason) => Assert.Equal(reason, LoginNames.Problem(login)?.En);

    [Fact]
    public void ALoginLongerThanAHundredCharactersIsRefused() =>
        Assert.Equal("login must be 2 to 100 characters long.", LoginNames.Problem(new string('a', 101))?.En);

    [Fact]
    public void CaseAndSurroundingSpaceDoNotMakeAnotherLogin() => Assert.Equal("admin", LoginNames.Normalize("  Admin "));
}
