using Microsoft.Playwright;

namespace RuleOfLaw.Browser.Tests.Infrastructure;

/// <summary>The real sign-in page, as every browser test passes it.</summary>
public static class SignInPage
{
    /// <summary>Types a seeded account's login and password into the page shown and submits them.</summary>
    public static Task SignIn(IPage page, BrowserNode node, string login) => SignIn(page, login, node.PasswordOf(login));

    /// <summary>Signs in an account made during the test run, whose password the administrator was given.</summary>
    public static async Task SignIn(IPage page, string login, string password)
    {
        await page.GetByLabel("登录名").FillAsync(login);
        await page.GetByLabel("密码").FillAsync(password);
        // Keyboard, not a click: the form must work without a pointer.
        await page.GetByLabel("密码").PressAsync("Enter");
    }
}
