using System.ComponentModel.DataAnnotations.Schema;
using System.Reflection;

namespace Ja4Data.Types.Mapping;

/// <summary>
/// What a record type offers the mapping, found by reflection once per type: how it is built (constructor and its
/// parameters, then settable members) and what it gives to an insert (readable members). Column names come from
/// <see cref="ColumnAttribute"/> where given; <see cref="NotMappedAttribute"/> leaves a member out.
/// </summary>
/// <param name="Type">The record type.</param>
/// <param name="Constructor">The constructor a read calls; null for a struct built with its default value.</param>
/// <param name="Parameters">The constructor's parameters, in order.</param>
/// <param name="Settable">Members a read sets after construction: public settable (or init) properties and fields not set by a parameter.</param>
/// <param name="Readable">Members an insert reads: public readable properties and fields.</param>
internal sealed record RecordShape(Type Type, ConstructorInfo? Constructor, IReadOnlyList<RecordMember> Parameters, IReadOnlyList<RecordMember> Settable, IReadOnlyList<RecordMember> Readable)
{
    /// <summary>Analyses <paramref name="type"/>; throws <see cref="ClickHouseMappingException"/> when no constructor can be chosen for reads.</summary>
    public static RecordShape Of(Type type, bool forReading)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && !p.IsDefined(typeof(NotMappedAttribute)));
        var fields = type.GetFields(BindingFlags.Public | BindingFlags.Instance).Where(f => !f.IsDefined(typeof(NotMappedAttribute)));
        var members = properties.Cast<MemberInfo>().Concat(fields).ToList();
        var readable = members
            .Where(m => m is FieldInfo || (m is PropertyInfo p && p.GetMethod is { IsPublic: true }))
            .Select(m => Member(m))
            .ToList();
        if (!forReading)
        {
            return new RecordShape(type, null, [], [], readable);
        }

        var constructor = ChooseConstructor(type);
        var parameters = constructor?.GetParameters().Select(p => Parameter(p, members)).ToList() ?? [];
        var settable = members
            .Where(m => m switch
            {
                PropertyInfo p => p.SetMethod is { IsPublic: true },
                FieldInfo f => !f.IsInitOnly,
                _ => false,
            })
            .Where(m => !parameters.Any(p => string.Equals(p.Name, m.Name, StringComparison.OrdinalIgnoreCase)))
            .Select(m => Member(m))
            .ToList();
        return new RecordShape(type, constructor, parameters, settable, readable);
    }

    // A class with a public parameterless constructor is built with it and its settable members; otherwise (records
    // with a primary constructor, immutable classes, structs with a constructor) the public constructor with the most
    // parameters, which must be the only one of that length.
    private static ConstructorInfo? ChooseConstructor(Type type)
    {
        if (type.IsAbstract || type.IsInterface)
        {
            throw new ClickHouseMappingException(
                $"{type.Name} is abstract or an interface; map rows to a concrete class, record or struct.", type, null, null, ClickHouseOutcome.Failed);
        }

        var constructors = type.GetConstructors(BindingFlags.Public | BindingFlags.Instance);
        if (!type.IsValueType && constructors.FirstOrDefault(c => c.GetParameters().Length == 0) is { } parameterless)
        {
            return parameterless;
        }

        if (constructors.Length == 0)
        {
            return type.IsValueType
                ? null
                : throw new ClickHouseMappingException($"{type.Name} has no public constructor to build it with.", type, null, null, ClickHouseOutcome.Failed);
        }

        var most = constructors.Max(c => c.GetParameters().Length);
        var longest = constructors.Where(c => c.GetParameters().Length == most).ToList();
        if (most == 0)
        {
            return type.IsValueType ? null : longest[0];
        }

        return longest.Count == 1
            ? longest[0]
            : throw new ClickHouseMappingException(
                $"{type.Name} has {longest.Count} public constructors with {most} parameters; the mapping cannot choose. Give it a parameterless constructor, or one longest constructor.",
                type, null, null, ClickHouseOutcome.Failed);
    }

    private static RecordMember Member(MemberInfo member) => new(
        member.Name,
        member is PropertyInfo p ? p.PropertyType : ((FieldInfo)member).FieldType,
        member.GetCustomAttribute<ColumnAttribute>()?.Name,
        member,
        null,
        member.IsDefined(typeof(RequiredMemberAttribute)));

    // A record's positional parameter carries its [Column] on the property it declares ([property: Column("x")]).
    private static RecordMember Parameter(ParameterInfo parameter, List<MemberInfo> members)
    {
        var name = parameter.Name ?? $"#{parameter.Position}";
        var property = members.FirstOrDefault(m => m.Name == name) ?? members.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));
        return new RecordMember(name, parameter.ParameterType, property?.GetCustomAttribute<ColumnAttribute>()?.Name, property, parameter, !parameter.HasDefaultValue);
    }
}

/// <summary>
/// A constructor parameter or a property or field of a record. <see cref="ColumnName"/> is the
/// <see cref="ColumnAttribute"/> name when given; <see cref="Required"/> is true for a parameter without a default
/// and a <c>required</c> member.
/// </summary>
internal sealed record RecordMember(string Name, Type Type, string? ColumnName, MemberInfo? Member, ParameterInfo? Parameter, bool Required)
{
    /// <summary>How messages name it: <c>Hit.Status</c>, or <c>Hit(status)</c> for a constructor parameter.</summary>
    public string Describe(Type record) => Parameter is null ? $"{record.Name}.{Name}" : $"{record.Name}({Name})";
}
