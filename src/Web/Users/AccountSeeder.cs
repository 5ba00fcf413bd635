using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RuleOfLaw.Grains.Areas;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.Grains.Users;
using RuleOfLaw.Web.Sessions;

namespace RuleOfLaw.Web.Users;

/// <summary>
/// At the first start of an empty store, creates the accounts of <see cref="DemoAccounts"/> (or only
/// the administrator), each with a fresh random password, and prints them once as a table on the
/// console: straight to standard output, never through the logger, so no password reaches a log
/// sink. In a cluster the directory grain lets exactly one node do it. Runs before the node serves.
/// </summary>
public sealed partial class AccountSeeder(
    IGrainFactory grains,
    IServiceProvider services,
    Passwords passwords,
    IOptions<LocalAccountSettings> settings,
    ILogger<AccountSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var seed = settings.Value.Seed;
        if (seed == AccountSeed.None || !await grains.GetGrain<IUserDirectoryGrain>(IUserDirectoryGrain.Key).ClaimSeeding())
        {
            return;
        }

        // Resolved here, not injected: the host builds hosted services before the silo has loaded the map.
        var areas = services.GetRequiredService<AreaDirectory>();
        var catalogue = services.GetRequiredService<CatalogueBook>();
        var plan = seed == AccountSeed.Demo ? DemoAccounts.Plan(areas, catalogue) : DemoAccounts.AdministratorOnly(areas, catalogue);
        var created = await Task.WhenAll(plan.Select(async account =>
        {
            var password = Passwords.Generate(account.Login);
            var hash = await Task.Run(() => passwords.Hash(account.Login, password), cancellationToken);
            var scope = account.Scope;
            await grains.GetGrain<IUserGrain>(account.Login).Create(
                new NewUser($"{account.DisplayNameZh} {account.DisplayNameEn}", scope.Role, scope.Area, scope.Unit, hash, UserSource.Local));
            return (account, password);
        }));

        await Console.Out.WriteAsync(Table(created));
        await Console.Out.FlushAsync(cancellationToken);
        LogSeeded(logger, created.Length);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string Table(IReadOnlyList<(DemoAccount Account, string Password)> accounts)
    {
        var rule = new string('=', 100);
        var text = new StringBuilder()
            .AppendLine(rule)
            .AppendLine(" 首次启动：已创建以下账号。密码只显示这一次，不会写入日志；请立即妥善保存，或登录后由管理员重置。")
            .AppendLine(" First start: these accounts were created. The passwords are shown only this once and are not")
            .AppendLine(" logged; keep them now, or have an administrator reset them after signing in.")
            .AppendLine(new string('-', 100))
            .AppendLine($" {Pad("登录名 Login", 14)}{Pad("角色 Role", 26)}{Pad("辖区 Area", 18)}{Pad("单位 Unit", 18)}密码 Password");
        foreach (var (account, password) in accounts)
        {
            var role = IncidentLabels.Of(account.Scope.Role);
            text.AppendLine($" {Pad(account.Login, 14)}{Pad($"{role.ZhCn} {account.Scope.Role}", 26)}{Pad(account.Scope.Area.Value, 18)}{Pad(account.Scope.Unit ?? "-", 18)}{password}");
        }

        return text
            .AppendLine(new string('-', 100))
            .AppendLine(" 登录 Sign in: POST /api/session (浏览器 browsers) 或 or POST /api/tokens (应用 apps) {\"login\":\"…\",\"password\":\"…\"}")
            .AppendLine(rule)
            .ToString();
    }

    /// <summary>Pads to a width in terminal columns: a Chinese character takes two.</summary>
    private static string Pad(string text, int columns)
    {
        var width = text.Sum(c => c >= '\u2E80' ? 2 : 1);
        return text + new string(' ', Math.Max(1, columns - width));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Seeded {AccountCount} accounts in an empty store; their passwords were printed once to standard output")]
    private static partial void LogSeeded(ILogger logger, int accountCount);
}
