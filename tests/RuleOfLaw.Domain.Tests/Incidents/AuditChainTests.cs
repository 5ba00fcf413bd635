using System.Reflection;
using System.Text.Json.Serialization;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Catalogue;
using RuleOfLaw.Grains.Clocks;
using RuleOfLaw.Grains.Common;
using RuleOfLaw.Grains.Incidents;
using RuleOfLaw.Grains.Privacy;
using RuleOfLaw.Grains.Supervision;

namespace RuleOfLaw.Domain.Tests.Incidents;

public sealed class AuditChainTests
{
    private const string IncidentId = AuditSamples.IncidentId;

    [Fact]
    public void TheFirstEventChainsToTheGenesisValueAndEachLaterOneToTheHashBeforeIt()
    {
        var stored = AuditSamples.Sealed(AuditSamples.History);

        Assert.Equal(new string('0', 64), AuditChain.Genesis);
        Assert.Equal(AuditChain.Genesis, stored[0].PreviousHash);
        for (var i = 1; i < stored.Count; i++)
        {
            Assert.Equal(stored[i - 1].Hash, stored[i].PreviousHash);
        }

        Assert.All(stored, e => Assert.True(AuditChain.IsHash(e.Hash), e.Hash));
        Assert.Equal(stored.Count, stored.Select(e => e.Hash).Distinct().Count());
    }

    [Fact]
    public void AnUntouchedHistoryVerifiesAndNamesItsHeadHash()
    {
        var stored = AuditSamples.Sealed(AuditSamples.History);

        var verification = AuditChain.Verify(IncidentId, stored, knownVersion: stored.Count);

        Assert.True(verification.Verified);
        Assert.Equal((stored.Count, (int?)null, (AuditBreak?)null), (verification.Events, verification.FirstBrokenVersion, verification.Break));
        Assert.Equal(stored[^1].Hash, verification.HeadHash);
        Assert.Equal($"All {stored.Count} events verify: the chain is intact.", verification.Reason.En);
    }

    /// <summary>
    /// Pins encoding version 1: every stored seal depends on these bytes, so any change to the
    /// encoding must come as a new encoding version, never as an edit of this one. The value was also
    /// computed outside .NET from <see cref="AuditChain.Encode"/>'s description alone: that
    /// description is enough to check a packet's seals without this code.
    /// </summary>
    [Fact]
    public void TheSealOfAKnownEventUnderEncodingVersion1NeverChanges()
    {
        Assert.Equal(1, AuditChain.EncodingVersion);
        Assert.Equal(
            "a3e67e2511b519272d2ea6a550f8c5d200fb1e9a740da64a0dbcc1388eb8fd82",
            AuditChain.Seal(IncidentId, AuditChain.Genesis, WithoutPersonalInformation(AuditSamples.History[0])));
    }

    /// <summary>
    /// Dispatches sealed before a team could be chosen are encoded exactly as then: the team and its
    /// rank are written only when a team was chosen, so this seal (of a dispatch without one) holds.
    /// </summary>
    [Fact]
    public void TheSealOfADispatchWithoutATeamIsTheSameAsBeforeTeamsWereRecorded()
    {
        Assert.Equal(
            "2f0e8ecad2880877ea8c33b6125280088e7b5823ade91bd12161345f82d64d23",
            AuditChain.Seal(IncidentId, AuditChain.Genesis, AuditSamples.History[3]));
    }

    /// <summary>
    /// Reports sealed before they could carry personal information are encoded exactly as then:
    /// the new members are written only when present, so no stored seal had to change.
    /// </summary>
    private static IncidentEvent WithoutPersonalInformation(IncidentEvent report) =>
        report with { Facts = ((ReportedFacts)report.Facts!) with { Personal = null, Sensitive = false } };

    [Fact]
    public void TheSealDependsOnItsPredecessorAndOnTheIncidentItBelongsTo()
    {
        var report = AuditSamples.History[0];
        var sealedHere = AuditChain.Seal(IncidentId, AuditChain.Genesis, report);

        Assert.Equal(sealedHere, AuditChain.Seal(IncidentId, AuditChain.Genesis, report));
        Assert.NotEqual(sealedHere, AuditChain.Seal("0196a0c5-0000-7000-8000-0000000000a2", AuditChain.Genesis, report));
        Assert.NotEqual(sealedHere, AuditChain.Seal(IncidentId, new string('f', 64), report));
    }

    [Theory]
    [MemberData(nameof(ChangeNames))]
    public void ChangingAnyAuditedFieldChangesTheSealAndVerificationNamesThatEvent(string change)
    {
        var (_, version, edit) = Changes.Single(candidate => candidate.Name == change);
        var stored = AuditSamples.Sealed(AuditSamples.History);
        var original = AuditSamples.History[version - 1];
        var edited = edit(original);
        Assert.NotEqual(IncidentEventJson.ToStored(IncidentId, original, AuditChain.Genesis).Payload, IncidentEventJson.ToStored(IncidentId, edited, AuditChain.Genesis).Payload);

        Assert.NotEqual(
            AuditChain.Seal(IncidentId, stored[version - 1].PreviousHash, original),
            AuditChain.Seal(IncidentId, stored[version - 1].PreviousHash, edited));

        // An edit in the database keeps the row's seal; the columns beside the payload are edited to match.
        var tampered = stored.ToList();
        var rewritten = IncidentEventJson.ToStored(IncidentId, edited, AuditChain.Genesis);
        tampered[version - 1] = stored[version - 1] with { Payload = rewritten.Payload, Type = rewritten.Type, RecordedAt = rewritten.RecordedAt };
        var verification = AuditChain.Verify(IncidentId, tampered, knownVersion: stored.Count);
        Assert.Equal((version, AuditBreak.ContentMismatch), (verification.FirstBrokenVersion, verification.Break));
    }

    [Fact]
    public void EveryMemberOfAnEventAndOfEachKindOfItsFactsIsCoveredByAChange()
    {
        var factKinds = typeof(EventFacts).GetCustomAttributes<JsonDerivedTypeAttribute>().Select(attribute => attribute.DerivedType).ToList();
        Type[] parts =
        [
            typeof(IncidentEvent), .. factKinds, typeof(GridPlacement), typeof(TimeLimit), typeof(LegalBasis), typeof(LocalizedText),
            typeof(PersonalInformation), typeof(ContactDetails), typeof(PersonDetails), typeof(CaseClock),
        ];
        var members = parts
            .SelectMany(type => type
                .GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(property => property.SetMethod is not null)
                .Select(property => $"{type.Name}.{property.Name}"))
            .ToHashSet();

        Assert.Equal(
            [
                "ClockTurnedFacts", "ClosedFacts", "DispatchedFacts", "DuplicateFlaggedFacts", "EscalatedFacts", "ExtensionRequestedFacts",
                "MergedReportFacts", "MergeFacts", "ReportedFacts", "RevisitedFacts", "SummonedFacts", "SummonsAcknowledgedFacts", "SupervisionIssuedFacts",
                "SupervisionRepliedFacts", "VerdictFacts",
            ],
            factKinds.Select(type => type.Name).Order());
        Assert.Empty(members.Except(Changes.Select(change => change.Name.Split(' ')[0])));
    }

    [Fact]
    public void EachKindOfFactsSurvivesItsStoredJsonFormWithItsSealIntact()
    {
        var stored = AuditSamples.Sealed(AuditSamples.History);

        foreach (var (row, original) in stored.Zip(AuditSamples.History))
        {
            var back = IncidentEventJson.FromStored(row);
            Assert.Equal(AuditChain.Encode(IncidentId, original), AuditChain.Encode(IncidentId, back));
        }

        Assert.Equal(
            [
                "clockTurned", "closed", "dispatched", "duplicateFlagged", "escalated", "extensionRequested", "merge", "mergedReport", "reported", "revisited",
                "summoned", "summonsAcknowledged", "supervisionIssued", "supervisionReplied", "verdict",
            ],
            stored.Select(row => System.Text.Json.JsonDocument.Parse(row.Payload).RootElement.GetProperty("facts"))
                .Where(facts => facts.ValueKind == System.Text.Json.JsonValueKind.Object)
                .Select(facts => facts.GetProperty("kind").GetString())
                .Distinct()
                .Order());
    }

    [Fact]
    public void ADeletedEventIsNamedAsMissing()
    {
        var stored = AuditSamples.Sealed(AuditSamples.History).ToList();
        stored.RemoveAt(2);

        var verification = AuditChain.Verify(IncidentId, stored, knownVersion: AuditSamples.History.Count);

        Assert.Equal((3, AuditBreak.Missing), (verification.FirstBrokenVersion, verification.Break));
        Assert.Equal("Version 3 is missing.", verification.Reason.En);
        Assert.Equal("缺少第 3 号事件。", verification.Reason.ZhCn);
        Assert.Null(verification.HeadHash);
    }

    [Fact]
    public void DeletingTheLastEventsIsCaughtAgainstTheVersionTheCaseIsKnownToHaveReached()
    {
        var stored = AuditSamples.Sealed(AuditSamples.History).SkipLast(2).ToList();

        var verification = AuditChain.Verify(IncidentId, stored, knownVersion: AuditSamples.History.Count);

        Assert.Equal((stored.Count + 1, AuditBreak.Missing), (verification.FirstBrokenVersion, verification.Break));
        Assert.True(AuditChain.Verify(IncidentId, stored, knownVersion: stored.Count).Verified);
        Assert.Equal((1, AuditBreak.Missing), (AuditChain.Verify(IncidentId, [], knownVersion: 1).FirstBrokenVersion, AuditChain.Verify(IncidentId, [], knownVersion: 1).Break));
    }

    [Fact]
    public void TwoEventsSwappedInOrderAreNamedAtTheFirstOfThem()
    {
        var stored = AuditSamples.Sealed(AuditSamples.History).ToList();

        // In the database: the version numbers of rows 4 and 5 exchanged, everything else left as it was.
        stored[3] = stored[3] with { Version = 5 };
        stored[4] = stored[4] with { Version = 4 };
        var reordered = stored.OrderBy(e => e.Version).ToList();

        var verification = AuditChain.Verify(IncidentId, reordered, knownVersion: stored.Count);

        Assert.Equal((4, AuditBreak.NotChained), (verification.FirstBrokenVersion, verification.Break));
        Assert.Equal("Event 4 does not chain to event 3.", verification.Reason.En);
        Assert.Equal("第 4 号事件未链接到第 3 号事件。", verification.Reason.ZhCn);
    }

    [Fact]
    public void AnEventRewrittenWithAFreshSealBreaksTheLinkOfTheEventAfterIt()
    {
        var stored = AuditSamples.Sealed(AuditSamples.History).ToList();
        var forged = AuditSamples.History[2] with { Reason = "补录理由" };
        stored[2] = IncidentEventJson.ToStored(IncidentId, forged, stored[1].Hash);

        var verification = AuditChain.Verify(IncidentId, stored, knownVersion: stored.Count);

        Assert.Equal((4, AuditBreak.NotChained), (verification.FirstBrokenVersion, verification.Break));
    }

    [Fact]
    public void AFirstEventThatDoesNotStartFromTheGenesisValueIsNamed()
    {
        var stored = AuditSamples.Sealed(AuditSamples.History).ToList();
        stored[0] = IncidentEventJson.ToStored(IncidentId, AuditSamples.History[0], new string('1', 64));

        var verification = AuditChain.Verify(IncidentId, stored, knownVersion: stored.Count);

        Assert.Equal((1, AuditBreak.NotChained), (verification.FirstBrokenVersion, verification.Break));
        Assert.Equal("Event 1 does not start from the genesis value.", verification.Reason.En);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("""{"version":2,"facts":{"kind":"nonsense"}}""")]
    public void APayloadThatIsNoLongerAnEventIsNamedAsUnreadable(string payload)
    {
        var stored = AuditSamples.Sealed(AuditSamples.History).ToList();
        stored[1] = stored[1] with { Payload = payload };

        var verification = AuditChain.Verify(IncidentId, stored, knownVersion: stored.Count);

        Assert.Equal((2, AuditBreak.Unreadable), (verification.FirstBrokenVersion, verification.Break));
        Assert.Equal("第 2 号事件的内容无法读取。", verification.Reason.ZhCn);
    }

    [Fact]
    public void StoredColumnsThatDisagreeWithThePayloadAreAnEditOfThatEvent()
    {
        var stored = AuditSamples.Sealed(AuditSamples.History);

        var retyped = stored.ToList();
        retyped[5] = retyped[5] with { Type = nameof(CommandKind.Close) };
        var retimed = stored.ToList();
        retimed[5] = retimed[5] with { RecordedAt = retimed[5].RecordedAt.AddSeconds(-1) };

        foreach (var tampered in new[] { retyped, retimed })
        {
            var verification = AuditChain.Verify(IncidentId, tampered, knownVersion: stored.Count);
            Assert.Equal((6, AuditBreak.ContentMismatch), (verification.FirstBrokenVersion, verification.Break));
            Assert.Equal("Event 6's content does not match its hash.", verification.Reason.En);
            Assert.Equal("第 6 号事件的内容与其哈希值不符。", verification.Reason.ZhCn);
        }
    }

    [Fact]
    public void OnlyTheFirstBrokenLinkIsNamed()
    {
        var stored = AuditSamples.Sealed(AuditSamples.History).ToList();
        stored[6] = stored[6] with { Hash = new string('a', 64) };
        stored.RemoveAt(9);

        Assert.Equal(7, AuditChain.Verify(IncidentId, stored, knownVersion: AuditSamples.History.Count).FirstBrokenVersion);
    }

    public static TheoryData<string> ChangeNames() => new(Changes.Select(change => change.Name));

    /// <summary>
    /// One edit per audited member (named "Type.Member", then what the edit does) of the event at a
    /// version of <see cref="AuditSamples.History"/>.
    /// </summary>
    private static readonly (string Name, int Version, Func<IncidentEvent, IncidentEvent> Edit)[] Changes =
    [
        ("IncidentEvent.Version", 2, e => e with { Version = 7 }),
        ("IncidentEvent.Command", 2, e => e with { Command = CommandKind.Register }),
        ("IncidentEvent.From", 2, e => e with { From = IncidentState.Verifying }),
        ("IncidentEvent.From to none", 2, e => e with { From = null }),
        ("IncidentEvent.To", 2, e => e with { To = IncidentState.Registered }),
        ("IncidentEvent.ActorUserId", 2, e => e with { ActorUserId = "intake-2" }),
        ("IncidentEvent.ActorRole", 2, e => e with { ActorRole = Role.ShiftLeader }),
        ("IncidentEvent.ActorUnitId", 5, e => e with { ActorUnitId = "housing" }),
        ("IncidentEvent.ActorUnitId from none to empty", 2, e => e with { ActorUnitId = "" }),
        ("IncidentEvent.At by one tick", 3, e => e with { At = e.At.AddTicks(1) }),
        ("IncidentEvent.At to the same instant in another offset", 3, e => e with { At = e.At.ToUniversalTime() }),
        ("IncidentEvent.Reason", 2, e => e with { Reason = "转值班长" }),
        ("IncidentEvent.Reason from none to empty", 3, e => e with { Reason = "" }),
        ("IncidentEvent.Attachments added", 8, e => e with { Attachments = [.. e.Attachments, "photo/extra.jpg"] }),
        ("IncidentEvent.Attachments reordered", 1, e => e with { Attachments = [.. e.Attachments.Reverse()] }),
        ("IncidentEvent.Attachments joined", 1, e => e with { Attachments = [string.Concat(e.Attachments)] }),
        ("IncidentEvent.Facts added", 3, e => e with { Facts = new VerdictFacts(true) }),
        ("IncidentEvent.Facts removed", 4, e => e with { Facts = null }),
        ("IncidentEvent.LegalBasis removed", 2, e => e with { LegalBasis = null }),
        ("LegalBasis.Law", 4, e => e with { LegalBasis = e.LegalBasis! with { Law = new LocalizedText("《中华人民共和国城乡规划法》", "Urban and Rural Planning Law") } }),
        ("LegalBasis.Article", 4, e => e with { LegalBasis = e.LegalBasis! with { Article = new LocalizedText("第六十四条", "Article 64") } }),
        ("LocalizedText.ZhCn", 4, e => e with { LegalBasis = e.LegalBasis! with { Article = e.LegalBasis.Article with { ZhCn = "第二十九条" } } }),
        ("LocalizedText.En", 4, e => e with { LegalBasis = e.LegalBasis! with { Law = e.LegalBasis.Law with { En = "City Appearance Regulations" } } }),
        ("ReportedFacts.CategoryCode", 1, e => Reported(e, facts => facts with { CategoryCode = "AQ" })),
        ("ReportedFacts.SubcategoryCode", 1, e => Reported(e, facts => facts with { SubcategoryCode = "CG02" })),
        ("ReportedFacts.Description", 1, e => Reported(e, facts => facts with { Description = facts.Description + "。" })),
        ("ReportedFacts.Longitude by the last bit", 1, e => Reported(e, facts => facts with { Longitude = Math.BitIncrement(facts.Longitude) })),
        ("ReportedFacts.Latitude", 1, e => Reported(e, facts => facts with { Latitude = facts.Latitude + 0.000001 })),
        ("ReportedFacts.Address removed", 1, e => Reported(e, facts => facts with { Address = null })),
        ("ReportedFacts.Source", 1, e => Reported(e, facts => facts with { Source = IncidentSource.Hotline })),
        ("ReportedFacts.Urgent", 1, e => Reported(e, facts => facts with { Urgent = true })),
        ("ReportedFacts.Placement", 1, e => Reported(e, facts => facts with { Placement = new GridPlacement("510802001002008", "boundary-lowest-code", ["510802001002007"]) })),
        ("GridPlacement.GridCode", 1, e => Reported(e, facts => facts with { Placement = facts.Placement with { GridCode = "510802001002009" } })),
        ("GridPlacement.Rule", 1, e => Reported(e, facts => facts with { Placement = facts.Placement with { Rule = "boundary-lowest-code" } })),
        ("GridPlacement.NearbyGridCodes", 1, e => Reported(e, facts => facts with { Placement = facts.Placement with { NearbyGridCodes = [] } })),
        ("ReportedFacts.Personal removed", 1, e => Reported(e, facts => facts with { Personal = null })),
        ("ReportedFacts.Sensitive", 1, e => Reported(e, facts => facts with { Sensitive = true })),
        ("PersonalInformation.Reporter removed", 1, e => Reported(e, facts => facts with { Personal = facts.Personal! with { Reporter = null } })),
        ("PersonalInformation.Subject removed", 1, e => Reported(e, facts => facts with { Personal = facts.Personal! with { Subject = null } })),
        ("ContactDetails.Name", 1, e => Reported(e, facts => facts with { Personal = facts.Personal! with { Reporter = facts.Personal.Reporter! with { Name = "张三丰" } } })),
        ("ContactDetails.Phone", 1, e => Reported(e, facts => facts with { Personal = facts.Personal! with { Reporter = facts.Personal.Reporter! with { Phone = null } } })),
        ("PersonDetails.Name", 1, e => Reported(e, facts => facts with { Personal = facts.Personal! with { Subject = facts.Personal.Subject! with { Name = "李四" + "光" } } })),
        ("PersonDetails.IdNumber", 1, e => Reported(e, facts => facts with { Personal = facts.Personal! with { Subject = facts.Personal.Subject! with { IdNumber = "110105194912310029" } } })),
        ("PersonDetails.Details", 1, e => Reported(e, facts => facts with { Personal = facts.Personal! with { Subject = facts.Personal.Subject! with { Details = null } } })),
        ("ReportedFacts.HandlingLimit", 1, e => Reported(e, facts => facts with { HandlingLimit = new TimeLimit(2, TimeLimitUnit.ContinuousHours) })),
        ("TimeLimit.Value", 1, e => Reported(e, facts => facts with { HandlingLimit = facts.HandlingLimit with { Value = 5 } })),
        ("TimeLimit.Unit", 6, e => e with { Facts = ((ExtensionRequestedFacts)e.Facts!) with { Extension = new TimeLimit(2, TimeLimitUnit.NaturalDays) } }),
        ("DispatchedFacts.UnitId", 4, e => e with { Facts = ((DispatchedFacts)e.Facts!) with { UnitId = "housing" } }),
        ("DispatchedFacts.DefaultUnitId", 4, e => e with { Facts = ((DispatchedFacts)e.Facts!) with { DefaultUnitId = "housing" } }),
        ("DispatchedFacts.TeamId added", 4, e => e with { Facts = ((DispatchedFacts)e.Facts!) with { TeamId = "law-enforcement-team-1", TeamRank = 1 } }),
        ("DispatchedFacts.TeamId", 22, e => e with { Facts = ((DispatchedFacts)e.Facts!) with { TeamId = "law-enforcement-team-1" } }),
        ("DispatchedFacts.TeamRank", 22, e => e with { Facts = ((DispatchedFacts)e.Facts!) with { TeamRank = 1 } }),
        ("DispatchedFacts.TeamRank removed", 22, e => e with { Facts = ((DispatchedFacts)e.Facts!) with { TeamRank = null } }),
        ("VerdictFacts.Affirmed", 10, e => e with { Facts = new VerdictFacts(false) }),
        ("VerdictFacts.Affirmed of a decision", 7, e => e with { Facts = new VerdictFacts(false) }),
        ("ExtensionRequestedFacts.Extension", 6, e => e with { Facts = new ExtensionRequestedFacts(new TimeLimit(9, TimeLimitUnit.WorkingDays)) }),
        ("ClosedFacts.Closure", 11, e => e with { Facts = new ClosedFacts(ClosureKind.Special) }),
        ("ClosedFacts replaced by a verdict", 11, e => e with { Facts = new VerdictFacts(true) }),
        ("IncidentEvent.Clocks removed", 4, e => e with { Clocks = null }),
        ("IncidentEvent.Clocks emptied", 4, e => e with { Clocks = [] }),
        ("IncidentEvent.Clocks added", 3, e => e with { Clocks = [] }),
        ("CaseClock.Kind", 4, e => Clock(e, clock => clock with { Kind = ClockKind.Check })),
        ("CaseClock.Key", 4, e => Clock(e, clock => clock with { Key = "order-1" })),
        ("CaseClock.StartedAt", 4, e => Clock(e, clock => clock with { StartedAt = clock.StartedAt.AddTicks(1) })),
        ("CaseClock.WarnAt", 4, e => Clock(e, clock => clock with { WarnAt = clock.WarnAt.AddMinutes(1) })),
        ("CaseClock.DueAt", 4, e => Clock(e, clock => clock with { DueAt = clock.DueAt.AddHours(1) })),
        ("CaseClock.Working", 4, e => Clock(e, clock => clock with { Working = false })),
        ("CaseClock.PausedAt", 4, e => Clock(e, clock => clock with { PausedAt = clock.StartedAt })),
        ("CaseClock.Colour", 4, e => Clock(e, clock => clock with { Colour = ClockColour.Yellow })),
        ("CaseClock.Level", 4, e => Clock(e, clock => clock with { Level = 2 })),
        ("ClockTurnedFacts.Clock", 12, e => e with { Facts = ((ClockTurnedFacts)e.Facts!) with { Clock = ClockKind.Check } }),
        ("ClockTurnedFacts.Key", 12, e => e with { Facts = ((ClockTurnedFacts)e.Facts!) with { Key = "order-1" } }),
        ("ClockTurnedFacts.Colour", 12, e => e with { Facts = ((ClockTurnedFacts)e.Facts!) with { Colour = ClockColour.Yellow } }),
        ("EscalatedFacts.Clock", 13, e => e with { Facts = ((EscalatedFacts)e.Facts!) with { Clock = ClockKind.Dispatch } }),
        ("EscalatedFacts.Key", 13, e => e with { Facts = ((EscalatedFacts)e.Facts!) with { Key = "order-1" } }),
        ("EscalatedFacts.Level", 13, e => e with { Facts = ((EscalatedFacts)e.Facts!) with { Level = 2 } }),
        ("EscalatedFacts.AreaCode", 13, e => e with { Facts = ((EscalatedFacts)e.Facts!) with { AreaCode = "510802001" } }),
        ("EscalatedFacts.UnitId", 13, e => e with { Facts = ((EscalatedFacts)e.Facts!) with { UnitId = "housing" } }),
        ("SupervisionIssuedFacts.OrderId", 14, e => e with { Facts = ((SupervisionIssuedFacts)e.Facts!) with { OrderId = "order-15" } }),
        ("SupervisionIssuedFacts.Instruction", 14, e => e with { Facts = ((SupervisionIssuedFacts)e.Facts!) with { Instruction = "限期办结" } }),
        ("SupervisionIssuedFacts.ReplyBy", 14, e => e with { Facts = ((SupervisionIssuedFacts)e.Facts!) with { ReplyBy = ((SupervisionIssuedFacts)e.Facts!).ReplyBy.AddDays(1) } }),
        ("SupervisionRepliedFacts.OrderId", 15, e => e with { Facts = ((SupervisionRepliedFacts)e.Facts!) with { OrderId = "order-15" } }),
        ("SupervisionRepliedFacts.Reply", 15, e => e with { Facts = ((SupervisionRepliedFacts)e.Facts!) with { Reply = "已办结" } }),
        ("SummonedFacts.SummonsId", 16, e => e with { Facts = ((SummonedFacts)e.Facts!) with { SummonsId = "summons-17" } }),
        ("SummonedFacts.UnitIds", 16, e => e with { Facts = ((SummonedFacts)e.Facts!) with { UnitIds = ["housing"] } }),
        ("SummonedFacts.AcknowledgeBy", 16, e => e with { Facts = ((SummonedFacts)e.Facts!) with { AcknowledgeBy = ((SummonedFacts)e.Facts!).AcknowledgeBy.AddHours(1) } }),
        ("SummonsAcknowledgedFacts.SummonsId", 17, e => e with { Facts = ((SummonsAcknowledgedFacts)e.Facts!) with { SummonsId = "summons-17" } }),
        ("SummonsAcknowledgedFacts.UnitId", 17, e => e with { Facts = ((SummonsAcknowledgedFacts)e.Facts!) with { UnitId = "law-enforcement" } }),
        ("SummonsAcknowledgedFacts.Commitment", 17, e => e with { Facts = ((SummonsAcknowledgedFacts)e.Facts!) with { Commitment = "明日到场" } }),
        ("DuplicateFlaggedFacts.CandidateIds reordered", 18, e => e with { Facts = new DuplicateFlaggedFacts([.. ((DuplicateFlaggedFacts)e.Facts!).CandidateIds.Reverse()]) }),
        ("DuplicateFlaggedFacts.CandidateIds one dropped", 18, e => e with { Facts = new DuplicateFlaggedFacts([((DuplicateFlaggedFacts)e.Facts!).CandidateIds[0]]) }),
        ("MergeFacts.OriginalIncidentId", 19, e => e with { Facts = new MergeFacts("0196a0c5-0000-7000-8000-0000000000b9") }),
        ("MergeFacts replaced by a merged report of the same case", 19, e => e with { Facts = new MergedReportFacts(((MergeFacts)e.Facts!).OriginalIncidentId, "gw-2") }),
        ("MergedReportFacts.DuplicateIncidentId", 20, e => e with { Facts = ((MergedReportFacts)e.Facts!) with { DuplicateIncidentId = "0196a0c5-0000-7000-8000-0000000000b9" } }),
        ("MergedReportFacts.ReporterUserId", 20, e => e with { Facts = ((MergedReportFacts)e.Facts!) with { ReporterUserId = "gw-3" } }),
        ("RevisitedFacts.Satisfaction", 21, e => e with { Facts = new RevisitedFacts(Satisfaction.BasicallySatisfied, false) }),
        ("RevisitedFacts.Disputed", 21, e => e with { Facts = new RevisitedFacts(Satisfaction.Satisfied, true) }),
        ("RevisitedFacts replaced by a closure", 21, e => e with { Facts = new ClosedFacts(ClosureKind.Normal) }),
    ];

    private static IncidentEvent Clock(IncidentEvent e, Func<CaseClock, CaseClock> edit) =>
        e with { Clocks = [edit(e.Clocks![0])] };

    private static IncidentEvent Reported(IncidentEvent e, Func<ReportedFacts, ReportedFacts> edit) =>
        e with { Facts = edit((ReportedFacts)e.Facts!) };
}

/// <summary>
/// One case through every kind of facts, with times in China Standard Time to the tick. The
/// duplicate steps come last, past the closure: the chain seals events, not their sense, and the
/// events before them keep the seals they had before those steps existed.
/// </summary>
internal static class AuditSamples
{
    public const string IncidentId = "0196a0c5-0000-7000-8000-0000000000a1";

    private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 3, 14, 9, 26, 53, TimeSpan.FromHours(8)).AddTicks(5_358_979);

    private static readonly LegalBasis Basis = new(
        new LocalizedText("《城市市容和环境卫生管理条例》", "Regulations on the Administration of City Appearance and Environmental Sanitation"),
        new LocalizedText("第二十八条", "Article 28"));

    /// <summary>The handling clock the dispatch starts: four working hours, yellow after 3 h 12 min of them.</summary>
    private static readonly CaseClock Handling = new(
        ClockKind.Handling, null, Start.AddMinutes(28), Start.AddMinutes(28 + 192), Start.AddMinutes(28 + 240), Working: true);

    public static readonly IReadOnlyList<IncidentEvent> History =
    [
        new(1, CommandKind.Report, null, IncidentState.Reported, "gw-1", Role.GridWorker, null, Start, null, ["photo/before-1.jpg", "photo/before-2.jpg"],
            new ReportedFacts("CG", "CG01", "路边堆放生活垃圾约两立方米", 105.84123456789, 32.4312345, "东坝街道万缘路12号", IncidentSource.Patrol, false,
                new GridPlacement("510802001002007", "interior", ["510802001002008"]), new TimeLimit(4, TimeLimitUnit.WorkingHours),
                new PersonalInformation(new ContactDetails("张三", "138 0013 8000"), new PersonDetails("李四", "11010519491231002X", "社区矫正对象，每月报到"))),
            Basis),
        Step(2, CommandKind.Forward, IncidentState.Reported, IncidentState.PendingRegistration, "intake-1", Role.Intake, reason: "转值班长立案"),
        Step(3, CommandKind.Register, IncidentState.PendingRegistration, IncidentState.Registered, "shift-1", Role.ShiftLeader),
        Step(4, CommandKind.Dispatch, IncidentState.Registered, IncidentState.Dispatched, "dispatcher-1", Role.Dispatcher,
            facts: new DispatchedFacts("law-enforcement", "law-enforcement")) with { Clocks = [Handling] },
        Step(5, CommandKind.Sign, IncidentState.Dispatched, IncidentState.InProgress, "handler-1", Role.UnitHandler, unit: "law-enforcement"),
        Step(6, CommandKind.RequestExtension, IncidentState.InProgress, IncidentState.InProgress, "handler-1", Role.UnitHandler, unit: "law-enforcement",
            reason: "需要调配机械", facts: new ExtensionRequestedFacts(new TimeLimit(2, TimeLimitUnit.WorkingDays))),
        Step(7, CommandKind.DecideExtension, IncidentState.InProgress, IncidentState.InProgress, "dispatcher-1", Role.Dispatcher, facts: new VerdictFacts(true)),
        Step(8, CommandKind.Handle, IncidentState.InProgress, IncidentState.Handled, "handler-1", Role.UnitHandler, unit: "law-enforcement",
            reason: "已清运", attachments: ["photo/after-1.jpg"]),
        Step(9, CommandKind.SendCheck, IncidentState.Handled, IncidentState.Checking, "intake-1", Role.Intake),
        Step(10, CommandKind.Check, IncidentState.Checking, IncidentState.PendingClose, "gw-1", Role.GridWorker, facts: new VerdictFacts(true)),
        Step(11, CommandKind.Close, IncidentState.PendingClose, IncidentState.Closed, "shift-1", Role.ShiftLeader, reason: "结案", facts: new ClosedFacts(ClosureKind.Normal)),
        Step(12, CommandKind.ClockTurned, IncidentState.Closed, IncidentState.Closed, SystemActor.UserId, Role.System,
            facts: new ClockTurnedFacts(ClockKind.Handling, null, ClockColour.Red)) with { LegalBasis = null, Clocks = [Handling with { Colour = ClockColour.Red }] },
        Step(13, CommandKind.Escalate, IncidentState.Closed, IncidentState.Closed, SystemActor.UserId, Role.System,
            facts: new EscalatedFacts(ClockKind.Handling, null, 3, "510802", "law-enforcement")) with { LegalBasis = null },
        Step(14, CommandKind.IssueSupervision, IncidentState.Closed, IncidentState.Closed, "leader-1", Role.Leader,
            facts: new SupervisionIssuedFacts("order-14", "请于周五前说明超期原因", Start.AddDays(3))),
        Step(15, CommandKind.ReplySupervision, IncidentState.Closed, IncidentState.Closed, "handler-1", Role.UnitHandler, unit: "law-enforcement",
            facts: new SupervisionRepliedFacts("order-14", "机械调配延误，已整改")),
        Step(16, CommandKind.Summon, IncidentState.Closed, IncidentState.Closed, "gw-1", Role.GridWorker, reason: "需住建、执法联合处置",
            facts: new SummonedFacts("summons-16", ["housing", "law-enforcement"], Start.AddHours(30))),
        Step(17, CommandKind.AcknowledgeSummons, IncidentState.Closed, IncidentState.Closed, "housing-1", Role.UnitHandler, unit: "housing",
            facts: new SummonsAcknowledgedFacts("summons-16", "housing", "明早九点到场核查房屋结构")),
        Step(18, CommandKind.FlagDuplicate, IncidentState.Closed, IncidentState.Closed, "system", Role.System,
            facts: new DuplicateFlaggedFacts(["0196a0c5-0000-7000-8000-0000000000b1", "0196a0c5-0000-7000-8000-0000000000b2"])),
        Step(19, CommandKind.Merge, IncidentState.Closed, IncidentState.Closed, "intake-1", Role.Intake, reason: "同一处垃圾",
            facts: new MergeFacts("0196a0c5-0000-7000-8000-0000000000b1")),
        Step(20, CommandKind.Unmerge, IncidentState.Closed, IncidentState.Closed, "intake-1", Role.Intake, reason: "并非同一处",
            facts: new MergedReportFacts("0196a0c5-0000-7000-8000-0000000000b3", "gw-2")),
        Step(21, CommandKind.Revisit, IncidentState.Closed, IncidentState.Closed, "intake-1", Role.Intake, facts: new RevisitedFacts(Satisfaction.Satisfied, false)),
        Step(22, CommandKind.Dispatch, IncidentState.Registered, IncidentState.Dispatched, "dispatcher-1", Role.Dispatcher,
            facts: new DispatchedFacts("law-enforcement", "law-enforcement", "law-enforcement-team-2", 2)),
    ];

    /// <summary>The history as the grain stores it, each event sealed after the one before.</summary>
    public static IReadOnlyList<StoredEvent> Sealed(IEnumerable<IncidentEvent> events)
    {
        var stored = new List<StoredEvent>();
        foreach (var e in events)
        {
            stored.Add(IncidentEventJson.ToStored(IncidentId, e, stored.Count > 0 ? stored[^1].Hash : AuditChain.Genesis));
        }

        return stored;
    }

    private static IncidentEvent Step(
        int version,
        CommandKind command,
        IncidentState from,
        IncidentState to,
        string user,
        Role role,
        string? unit = null,
        string? reason = null,
        IReadOnlyList<string>? attachments = null,
        EventFacts? facts = null) =>
        new(version, command, from, to, user, role, unit, Start.AddMinutes(version * 7).AddTicks(version), reason, attachments ?? [], facts, Basis);
}
