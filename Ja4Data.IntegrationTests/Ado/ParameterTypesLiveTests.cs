namespace Ja4Data.IntegrationTests.Ado;

/// <summary>
/// Every .NET type we bind, through the client-side literal path on the live 18.16 server: the shared
/// <see cref="ParameterTypeCases"/> whose types 18.16 has (chDB runs them all in the unit tests), and the <c>@name</c>
/// inference table (<see cref="ParameterTypeCases.AtNames"/>) with the types older servers get. Each case evaluates to
/// 1 on the server.
/// </summary>
[TestFixture]
public sealed class ParameterTypesLiveTests
{
    [TestCaseSource(typeof(ParameterTypeCases), nameof(ParameterTypeCases.OnClickHouse1816))]
    public async Task Literal_ParsesToTheIntendedValue(object? value, string type, string check)
    {
        await using var connection = await TestSettings.OpenAsync();
        var command = Select(connection, check.Replace("{v}", $"{{p:{type}}}", StringComparison.Ordinal), value);
        Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo((byte)1), command.CommandText);
    }

    [TestCaseSource(typeof(ParameterTypeCases), nameof(ParameterTypeCases.AtNamesOnClickHouse1816))]
    public async Task AtName_IsBoundAsTheOlderServerType_AndParsesToTheIntendedValue(ClickHouseParameter parameter, string type, string olderServerType, string check, string olderServerCheck)
    {
        await using var connection = await TestSettings.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = $"SELECT toTypeName(@p), {olderServerCheck.Replace("{v}", "@p", StringComparison.Ordinal)}";
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.That(await reader.ReadAsync(), Is.True);
        Assert.That((reader.GetString(0), reader.GetValue(1)), Is.EqualTo((olderServerType, (object)(byte)1)), $"{type}: {check}");
    }

    [Test]
    public async Task OutOfRangeValue_IsRefusedBeforeAnythingIsSent_AndTheConnectionStaysUsable()
    {
        await using var connection = await TestSettings.OpenAsync();
        var command = Select(connection, "{p:UInt8}", 256);
        var ex = Assert.ThrowsAsync<ArgumentException>(() => command.ExecuteScalarAsync());
        Assert.That(ex!.Message, Does.Contain("'p'").And.Contain("UInt8"));

        command.Parameters[0].Value = 255;
        Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo((byte)255));
    }

    /// <summary><c>SELECT</c> <paramref name="expression"/> with <paramref name="value"/> bound as parameter <c>p</c>.</summary>
    private static ClickHouseCommand Select(ClickHouseConnection connection, string expression, object? value)
    {
        var command = connection.CreateCommand();
        command.CommandText = "SELECT " + expression;
        command.Parameters.AddWithValue("p", value);
        return command;
    }
}
