using RuleOfLaw.Host.Tests.Infrastructure;

namespace RuleOfLaw.Host.Tests.Identity;

/// <summary>A node of its own for sign-in tests: accounts are seeded at its first start, and tests restart it.</summary>
public sealed class IdentityNode : NodeProcess;

/// <summary>Access tokens that expire three seconds after they are issued.</summary>
public sealed class ShortLivedTokenNode() : NodeProcess("--Authentication:Tokens:AccessTokenLifetime", "00:00:03");

/// <summary>A node that locks a client address after four failed sign-ins, whatever logins they tried.</summary>
public sealed class ClientThrottleNode() : NodeProcess("--Authentication:SignIn:MaxFailuresPerClient", "4");

/// <summary>A node that trusts the stand-in external issuer, which runs on loopback for as long as the node does.</summary>
public sealed class ExternalIssuerNode : NodeProcess
{
    public ExternalIssuerNode()
        : this(LocalIssuer.Start())
    {
    }

    private ExternalIssuerNode(LocalIssuer issuer)
        : base(
            "--Authentication:External:Authority", issuer.Authority,
            "--Authentication:External:Audience", LocalIssuer.Audience,
            "--Authentication:External:RequireHttpsMetadata", "false",
            "--Authentication:External:Claims:Login", "preferred_username",
            "--Authentication:External:Claims:Role", "roles",
            "--Authentication:External:Claims:Area", "jurisdiction",
            "--Authentication:External:RoleMap:wangge", "GridWorker",
            "--Authentication:External:RoleMap:zhihui", "Leader")
    {
        Issuer = issuer;
    }

    public LocalIssuer Issuer { get; }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Issuer.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class IdentityNodeCollection : ICollectionFixture<IdentityNode>
{
    public const string Name = "Identity node";
}

[CollectionDefinition(Name)]
public sealed class ShortLivedTokenNodeCollection : ICollectionFixture<ShortLivedTokenNode>
{
    public const string Name = "Short-lived token node";
}

[CollectionDefinition(Name)]
public sealed class ClientThrottleNodeCollection : ICollectionFixture<ClientThrottleNode>
{
    public const string Name = "Client throttle node";
}

[CollectionDefinition(Name)]
public sealed class ExternalIssuerNodeCollection : ICollectionFixture<ExternalIssuerNode>
{
    public const string Name = "External issuer node";
}
