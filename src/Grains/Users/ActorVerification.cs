using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.Options;
using RuleOfLaw.Grains.Actors;
using RuleOfLaw.Grains.Common;

namespace RuleOfLaw.Grains.Users;

/// <summary>Switches the check off for test clusters that speak for invented actors.</summary>
public sealed class ActorVerificationOptions
{
    public bool Enabled { get; set; } = true;
}

/// <summary>
/// Grains never trust a caller-supplied role. This Orleans incoming grain call filter runs before
/// every grain method: when an argument is an <see cref="Actor"/>, or a command carrying one in its
/// <c>Actor</c> property, it asks that actor's <see cref="IUserGrain"/> whether the account exists,
/// is enabled and has the stated role, area and unit, and refuses the call otherwise. Nothing is
/// cached: the user grain answers from memory, and a disable takes effect on the next call.
/// </summary>
public sealed class ActorVerificationFilter(GrainReferences<IUserGrain> users, IOptions<ActorVerificationOptions> options) : IIncomingGrainCallFilter
{
    private static readonly ConcurrentDictionary<Type, Func<object, Actor?>?> Readers = new();

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (options.Value.Enabled && context.Grain is not IUserGrain && FindActor(context) is { } actor)
        {
            var verdict = await users.For(LoginNames.Normalize(actor.UserId)).Verify(actor);
            if (verdict != ActorVerdict.Valid)
            {
                throw new ActorRefusedException(actor.UserId, verdict);
            }
        }

        await context.Invoke();
    }

    private static Actor? FindActor(IIncomingGrainCallContext context)
    {
        var request = context.Request;
        for (var index = 0; index < request.GetArgumentCount(); index++)
        {
            if (request.GetArgument(index) is { } argument && Readers.GetOrAdd(argument.GetType(), ReaderOf) is { } read && read(argument) is { } actor)
            {
                return actor;
            }
        }

        return null;
    }

    private static Func<object, Actor?>? ReaderOf(Type type)
    {
        if (type == typeof(Actor))
        {
            return argument => (Actor)argument;
        }

        var property = type.GetProperty(nameof(Actor), BindingFlags.Public | BindingFlags.Instance);
        return property?.PropertyType == typeof(Actor) ? argument => (Actor?)property.GetValue(argument) : null;
    }
}

/// <summary>
/// A grain call was refused because its actor is not (or no longer) the account it claims to be.
/// Serializable, so it reaches the web edge from any silo, which answers 403.
/// </summary>
[GenerateSerializer, Alias("RuleOfLaw.Grains.Users.ActorRefusedException")]
public sealed class ActorRefusedException : Exception
{
    public ActorRefusedException()
    {
    }

    public ActorRefusedException(string message)
        : base(message)
    {
    }

    public ActorRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ActorRefusedException(string userId, ActorVerdict verdict)
        : base($"The actor {userId} was refused: {verdict}.")
    {
        UserId = userId;
        Verdict = verdict;
    }

    [Id(0)]
    public string UserId { get; private set; } = "";

    [Id(1)]
    public ActorVerdict Verdict { get; private set; }
}
