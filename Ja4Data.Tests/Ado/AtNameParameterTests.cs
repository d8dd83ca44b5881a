using System.Data;
using Ja4Data.Ado.Binding;
using Ja4Data.Protocol;

#pragma warning disable CA1861 // The arrays are test data, built once per run.

namespace Ja4Data.Tests.Ado;

/// <summary>
/// <c>@name</c> placeholders: the type inference table, the rewrite to <c>{name:Type}</c> for server-side parameters,
/// literals for older servers (a list on the right of IN as a set), and how parameters are found by name.
/// </summary>
[TestFixture]
public sealed class AtNameParameterTests
{
    private static ClickHouseCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new ClickHouseCommand(sql) { QueryId = "q" };
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    [TestCaseSource(typeof(ParameterTypeCases), nameof(ParameterTypeCases.AtNames))]
    public void TypeNameOf_FollowsTheTable(ClickHouseParameter parameter, string type, string olderServerType, string check, string olderServerCheck)
    {
        Assert.That(InferredParameterType.TypeNameOf(parameter, olderServer: false), Is.EqualTo(type), check);
        Assert.That(InferredParameterType.TypeNameOf(parameter, olderServer: true), Is.EqualTo(olderServerType), check);
    }

    [Test]
    public void ServerSide_RewritesEachAtNameToATypedPlaceholder_AndLeavesTheRestAlone()
    {
        var command = Command(
            "SELECT @a, {b:String}, '@a {b:String}', @a_1 -- @c\nFROM t WHERE x IN @list AND y = @A",
            ("a", 7), ("@b", "x"), ("a_1", "it's"), ("list", new ushort[] { 1, 3 }), ("A", true));
        var request = command.BuildRequest(ProtocolRevision.Current);
        Assert.That(request.Sql, Is.EqualTo("SELECT {a:Int32}, {b:String}, '@a {b:String}', {a_1:String} -- @c\nFROM t WHERE x IN {list:Array(UInt16)} AND y = {A:Bool}"));
        Assert.That(request.Parameters, Is.EqualTo(new Dictionary<string, string> { ["a"] = "7", ["b"] = "x", ["a_1"] = "it's", ["list"] = "[1, 3]", ["A"] = "true" }));
    }

    [Test]
    public void ClientSide_ReplacesEachAtNameByATypedLiteral_AndAListAfterInByASet()
    {
        var command = Command(
            "SELECT @a, {b:String}, '@a', @flag, @day FROM t WHERE x IN @list AND y NOT IN @none AND z IN @one AND has(@list, x)",
            ("a", 7), ("b", "x'"), ("flag", true), ("day", new DateOnly(2024, 2, 29)), ("list", new List<ushort> { 1, 3 }), ("none", Array.Empty<string>()), ("one", new[] { 5L }));
        var request = command.BuildRequest(ProtocolRevision.Oldest);
        Assert.That(request.Parameters, Is.Null);
        Assert.That(request.Sql, Is.EqualTo(
            "SELECT CAST('7' AS Int32), CAST('x\\'' AS String), '@a', CAST('1' AS UInt8), CAST('2024-02-29' AS Date) FROM t "
            + "WHERE x IN (CAST('1' AS UInt16), CAST('3' AS UInt16)) AND y NOT IN (NULL) AND z IN (CAST('5' AS Int64)) "
            + "AND has(CAST('[1, 3]' AS Array(UInt16)), x)"));
    }

    [Test]
    public void ClientSide_ATypedArrayPlaceholderAfterIn_IsASetToo()
    {
        var command = Command("SELECT 1 WHERE x IN {codes:Array(Nullable(String))}", ("codes", new[] { "a'", null }));
        Assert.That(command.BuildRequest(ProtocolRevision.Oldest).Sql, Is.EqualTo("SELECT 1 WHERE x IN (CAST('a\\'' AS Nullable(String)), CAST(NULL AS Nullable(String)))"));
        Assert.That(command.BuildRequest(ProtocolRevision.Current).Sql, Is.EqualTo(command.CommandText));
    }

    [TestCase(ProtocolRevision.Oldest)]
    [TestCase(ProtocolRevision.Current)]
    public void MissingAtParameter_IsNamed(int revision)
    {
        var command = Command("SELECT @present, @absent", ("present", 1), ("absentee", 2));
        var ex = Assert.Throws<ArgumentException>(() => command.BuildRequest(revision));
        Assert.That(ex!.Message, Does.Contain("@absent").And.Contain("'absent'"));
    }

    [Test]
    public void AtNamesWithoutParameters_ThatAreNoPlaceholders_PassUnchanged()
    {
        const string sql = "CREATE USER u@localhost IDENTIFIED WITH no_password /* @x */; -- @y";
        Assert.That(Command(sql).BuildRequest(ProtocolRevision.Current).Sql, Is.EqualTo(sql));
        Assert.That(Command("SELECT @@version, 'a@b.c'").BuildRequest(ProtocolRevision.Oldest).Sql, Is.EqualTo("SELECT @@version, 'a@b.c'"));
    }

    [TestCase("p")]
    [TestCase("@p")]
    [TestCase(":p")]
    [TestCase("?p")]
    public void ParameterNames_MayCarryAPrefix_AndAreFoundWithOrWithoutOne(string given)
    {
        var command = Command("SELECT @p, {p:UInt8}", (given, 1));
        Assert.Multiple(() =>
        {
            Assert.That(command.Parameters[0].ParameterName, Is.EqualTo("p"));
            foreach (var name in (string[])["p", "@p", ":p", "?p"])
            {
                Assert.That(command.Parameters.Contains(name), Is.True, name);
                Assert.That(command.Parameters.IndexOf(name), Is.EqualTo(0), name);
                Assert.That(command.Parameters[name].Value, Is.EqualTo(1), name);
            }

            Assert.That(command.Parameters.Contains("P"), Is.False, "Contains is exact, as Dapper's DynamicParameters expects");
            Assert.That(command.BuildRequest(ProtocolRevision.Oldest).Sql, Is.EqualTo("SELECT CAST('1' AS Int32), CAST('1' AS UInt8)"));
        });
    }

    [Test]
    public void APlaceholderDifferingOnlyInCase_BindsTheOnlyParameterOfThatName_UnlessTwoCouldBeMeant()
    {
        Assert.That(Command("SELECT @Status", ("status", 404)).BuildRequest(ProtocolRevision.Oldest).Sql, Is.EqualTo("SELECT CAST('404' AS Int32)"));
        Assert.That(Command("SELECT @s", ("s", 1), ("S", 2)).BuildRequest(ProtocolRevision.Oldest).Sql, Is.EqualTo("SELECT CAST('1' AS Int32)"));
        Assert.That(() => Command("SELECT @x", ("X", 1), ("X", 2)).BuildRequest(ProtocolRevision.Oldest), Throws.ArgumentException.With.Message.Contain("'x'"));
    }

    [Test]
    public void OneName_AsAtNameAndAsTypedPlaceholder_MustNeedTheSameText()
    {
        var request = Command("SELECT @n, {n:UInt64}", ("n", 7)).BuildRequest(ProtocolRevision.Current);
        Assert.That((request.Sql, request.Parameters!["n"]), Is.EqualTo(("SELECT {n:Int32}, {n:UInt64}", "7")));
        Assert.That(() => Command("SELECT @b, {b:UInt8}", ("b", true)).BuildRequest(ProtocolRevision.Current), Throws.ArgumentException.With.Message.Contain("two parameters"));
    }

    [Test]
    public void AValueOfNoInferredType_IsRefusedWithTheWaysOut()
    {
        var ex = Assert.Throws<ArgumentException>(() => Command("SELECT @p", ("p", new object[] { 1 })).BuildRequest(ProtocolRevision.Current));
        Assert.That(ex!.Message, Does.Contain("'p'").And.Contain("Object[]").And.Contain("DbType").And.Contain("{p:Type}"));
        ex = Assert.Throws<ArgumentException>(() => Command("SELECT @t", ("t", TimeSpan.FromSeconds(1))).BuildRequest(ProtocolRevision.Oldest));
        Assert.That(ex!.Message, Does.Contain("'t'").And.Contain("TimeSpan"));
    }

    [Test]
    public void ADbTypeWithoutAClickHouseType_IsRefusedWithTheWayOut()
    {
        var command = new ClickHouseCommand("SELECT @t");
        command.Parameters.Add(new ClickHouseParameter("t", new TimeOnly(12, 0)) { DbType = DbType.Time });
        var ex = Assert.Throws<ArgumentException>(() => command.BuildRequest(ProtocolRevision.Current));
        Assert.That(ex!.Message, Does.Contain("'t'").And.Contain("DbType.Time").And.Contain("{t:Type}"));
    }

    [Test]
    public void AValueThatDoesNotFitItsDbType_IsRefusedBeforeSending()
    {
        var command = new ClickHouseCommand("SELECT @b");
        command.Parameters.Add(new ClickHouseParameter("b", 300) { DbType = DbType.Byte });
        Assert.That(() => command.BuildRequest(ProtocolRevision.Current), Throws.ArgumentException.With.Message.Contain("'b'").And.Message.Contain("UInt8"));
        Assert.That(() => command.BuildRequest(ProtocolRevision.Oldest), Throws.ArgumentException.With.Message.Contain("'b'").And.Message.Contain("UInt8"));
    }

    [Test]
    public void ADecimalOf29Digits_DoesNotFitTheInferredDecimal28_AndSaysSo()
        => Assert.That(
            () => Command("SELECT @d", ("d", decimal.MaxValue)).BuildRequest(ProtocolRevision.Current),
            Throws.ArgumentException.With.Message.Contain("'d'").And.Message.Contain("Decimal(28, 0)"));

    [TestCase("SELECT 1; SELECT 2")]
    [TestCase("SELECT @a; SELECT @a")]
    [TestCase("INSERT INTO t SELECT 1;\nSELECT count() FROM t")]
    public void SeveralStatements_AreNotSupported_BeforeAnythingIsSent(string sql)
    {
        var ex = Assert.Throws<NotSupportedException>(() => Command(sql, ("a", 1)).BuildRequest(ProtocolRevision.Current));
        Assert.That(ex!.Message, Does.Contain("more than one statement").And.Contain("QueryMultiple"));
    }

    [Test]
    public void ATrailingSemicolon_IsOneStatement()
        => Assert.That(Command("SELECT @a;", ("a", 1)).BuildRequest(ProtocolRevision.Current).Sql, Is.EqualTo("SELECT {a:Int32};"));

    [Test]
    public void DataValue_OfAnAtName_IsTheValueItself_ForItsColumnToConvert()
    {
        var parameters = Command("x", ("a", "'); DROP TABLE t; --"), ("n", DBNull.Value), ("o", new object())).Parameters;
        var found = ParameterBinder.Find("INSERT INTO t VALUES (@a, @n, @o)");
        Assert.That(found.Select(p => ParameterBinder.DataValue(p, parameters)), Is.EqualTo(new[] { "'); DROP TABLE t; --", null, parameters["o"].Value }));
    }

    [Test]
    public void DataValue_OfATypedPlaceholder_MustFitTheTypeWritten()
    {
        var parameters = Command("x", ("a", 300), ("b", 7)).Parameters;
        var found = ParameterBinder.Find("INSERT INTO t VALUES ({a:UInt8}, {b:UInt8}, {missing:UInt8})");
        Assert.That(() => ParameterBinder.DataValue(found[0], parameters), Throws.ArgumentException.With.Message.Contain("'a'"));
        Assert.That(ParameterBinder.DataValue(found[1], parameters), Is.EqualTo(7));
        Assert.That(() => ParameterBinder.DataValue(found[2], parameters), Throws.ArgumentException.With.Message.Contain("no parameter named 'missing'"));
    }

    [Test]
    public void Find_InlineInsertFollowedByAnotherStatement_IsNotSupported()
        => Assert.That(
            () => ParameterBinder.Find("INSERT INTO t VALUES (@a); DROP TABLE t"),
            Throws.TypeOf<NotSupportedException>().With.Message.Contain("more than one statement"));
}
