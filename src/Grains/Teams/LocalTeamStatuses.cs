using RuleOfLaw.Grains.Common;

namespace RuleOfLaw.Grains.Teams;

/// <summary>One entry of <c>Teams:LocalStatuses</c> as configured: a district's own name for a canonical status.</summary>
public sealed class LocalTeamStatusOption
{
    /// <summary>What members send and the record keeps, e.g. <c>Training</c>.</summary>
    public string? Code { get; set; }

    public string? ZhCn { get; set; }

    public string? En { get; set; }

    /// <summary>
    /// The canonical <see cref="TeamStatus"/> it means, by name. Read as text so that a misspelt
    /// meaning stops the node with a message naming the entry, not a binder's conversion error.
    /// </summary>
    public string? Meaning { get; set; }
}

/// <summary>A local status a team is in or may choose: its code and its name in both languages.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Teams.LocalStatusView")]
public sealed record LocalStatusView(
    [property: Id(0)] string Code,
    [property: Id(1)] LocalizedText Name);

/// <summary>One status a team may change to: a canonical status, under one of its local names or none.</summary>
[GenerateSerializer, Immutable, Alias("RuleOfLaw.Grains.Teams.TeamStatusChoice")]
public sealed record TeamStatusChoice(
    [property: Id(0)] TeamStatus Status,
    [property: Id(1)] LocalStatusView? LocalStatus)
{
    /// <summary>What a member sends to choose it: the local code, else the canonical name.</summary>
    public string Value => LocalStatus?.Code ?? Status.ToString();
}

/// <summary>What a member sent, understood: the canonical status and the local code it was sent as (null for a canonical name).</summary>
public readonly record struct ResolvedTeamStatus(TeamStatus Status, string? LocalCode);

/// <summary>
/// A district's names for team statuses (domain.md §4): several local names may mean one canonical
/// status. Transition and threshold rules read the canonical status only; the local code rides
/// along so the record and the screens say what the district says.
/// </summary>
public sealed class LocalTeamStatuses
{
    private readonly List<(LocalStatusView View, TeamStatus Meaning)> _entries;

    /// <param name="entries">Already validated (<see cref="Problems"/>): unique codes, valid meanings.</param>
    public LocalTeamStatuses(IEnumerable<(LocalStatusView View, TeamStatus Meaning)> entries)
    {
        _entries = [.. entries];
    }

    /// <summary>No local names: the canonical ones are used.</summary>
    public static LocalTeamStatuses None { get; } = new([]);

    /// <summary>The configured entries that are valid, in their configured order.</summary>
    public static LocalTeamStatuses From(IEnumerable<LocalTeamStatusOption> options) =>
        new(options
            .Where(option => !string.IsNullOrWhiteSpace(option.Code) && TryMeaning(option.Meaning, out _))
            .Select(option =>
            {
                TryMeaning(option.Meaning, out var meaning);
                return (new LocalStatusView(option.Code!.Trim(), Text.Of(option.ZhCn?.Trim() ?? "", option.En?.Trim() ?? "")), meaning);
            }));

    /// <summary>Every local status with its meaning, in configured order.</summary>
    public IReadOnlyList<(LocalStatusView View, TeamStatus Meaning)> Entries => _entries;

    /// <summary>Every value a member may send: the canonical names, then the local codes.</summary>
    public IReadOnlyList<string> Accepted => [.. Enum.GetNames<TeamStatus>(), .. _entries.Select(entry => entry.View.Code)];

    /// <summary>
    /// A canonical name or a local code, either in any case, to what it means; null when it is
    /// neither (numbers are not names, though the enum would parse them).
    /// </summary>
    public ResolvedTeamStatus? Resolve(string? sent)
    {
        var value = sent?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (Enum.GetNames<TeamStatus>().FirstOrDefault(name => string.Equals(name, value, StringComparison.OrdinalIgnoreCase)) is { } canonical)
        {
            return new ResolvedTeamStatus(Enum.Parse<TeamStatus>(canonical), null);
        }

        return _entries.FirstOrDefault(entry => string.Equals(entry.View.Code, value, StringComparison.OrdinalIgnoreCase)) is { View: not null } local
            ? new ResolvedTeamStatus(local.Meaning, local.View.Code)
            : null;
    }

    /// <summary>The local status named by <paramref name="code"/> when it still means <paramref name="status"/>; null otherwise.</summary>
    public LocalStatusView? Find(string? code, TeamStatus status) =>
        code is null ? null : _entries.FirstOrDefault(entry => entry.View.Code == code && entry.Meaning == status).View;

    /// <summary>
    /// What a team in <paramref name="current"/> (under local code <paramref name="currentLocal"/>,
    /// if any) may change to: each status the rules allow next, followed by its local names; then,
    /// from a local status, the other local names of the same meaning (Training → Vehicle
    /// maintenance is a change worth recording though the canonical status stays).
    /// </summary>
    public IReadOnlyList<TeamStatusChoice> ChoicesFrom(TeamStatus current, string? currentLocal)
    {
        var choices = new List<TeamStatusChoice>();
        foreach (var next in TeamStatusRules.From(current))
        {
            choices.Add(new TeamStatusChoice(next, null));
            choices.AddRange(_entries.Where(entry => entry.Meaning == next).Select(entry => new TeamStatusChoice(next, entry.View)));
        }

        if (Find(currentLocal, current) is { } held)
        {
            choices.AddRange(_entries
                .Where(entry => entry.Meaning == current && entry.View.Code != held.Code)
                .Select(entry => new TeamStatusChoice(current, entry.View)));
        }

        return choices;
    }

    public bool Allows(TeamStatus from, string? fromLocal, ResolvedTeamStatus to) =>
        ChoicesFrom(from, fromLocal).Any(choice => choice.Status == to.Status && choice.LocalStatus?.Code == to.LocalCode);

    /// <summary>
    /// What is wrong with the configured entries, one line each naming the entry; empty when they
    /// can be used. Codes share one namespace with the canonical names, compared without case, so
    /// that what a member sends always means one thing.
    /// </summary>
    public static IReadOnlyList<string> Problems(IReadOnlyList<LocalTeamStatusOption> options)
    {
        var problems = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var index = 0; index < options.Count; index++)
        {
            var option = options[index];
            if (IsBlank(option))
            {
                continue;
            }

            var code = option.Code?.Trim();
            var entry = $"{TeamOptions.Section}:LocalStatuses:{index}" + (string.IsNullOrEmpty(code) ? "" : $" ({code})");
            if (string.IsNullOrEmpty(code))
            {
                problems.Add($"{entry}: Code is required.");
            }
            else if (code.Length > 40 || code.Any(char.IsWhiteSpace))
            {
                problems.Add($"{entry}: Code must be at most 40 characters without spaces.");
            }
            else if (Enum.GetNames<TeamStatus>().Any(name => string.Equals(name, code, StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add($"{entry}: Code is a canonical status name; choose another code.");
            }
            else if (!seen.Add(code))
            {
                problems.Add($"{entry}: Code is used by an earlier entry.");
            }

            if (string.IsNullOrWhiteSpace(option.ZhCn) || string.IsNullOrWhiteSpace(option.En))
            {
                problems.Add($"{entry}: both labels, ZhCn and En, are required.");
            }

            if (!TryMeaning(option.Meaning, out _))
            {
                problems.Add($"{entry}: Meaning '{option.Meaning}' is not one of {string.Join(", ", Enum.GetNames<TeamStatus>())}.");
            }
        }

        return problems;
    }

    /// <summary>
    /// An entry with nothing in it is no entry: configuration sources cannot delete what an earlier
    /// one listed, so a later source blanks an inherited entry to drop it.
    /// </summary>
    private static bool IsBlank(LocalTeamStatusOption option) =>
        string.IsNullOrWhiteSpace(option.Code) && string.IsNullOrWhiteSpace(option.ZhCn)
        && string.IsNullOrWhiteSpace(option.En) && string.IsNullOrWhiteSpace(option.Meaning);

    private static bool TryMeaning(string? meaning, out TeamStatus status)
    {
        status = default;
        var name = Enum.GetNames<TeamStatus>().FirstOrDefault(name => string.Equals(name, meaning?.Trim(), StringComparison.OrdinalIgnoreCase));
        return name is not null && Enum.TryParse(name, out status);
    }
}
