using Ja4Data.Ado.Binding;

namespace Ja4Data.Tests.Ado;

/// <summary>
/// DateTime kinds under a local zone that is not UTC (test machines usually run in UTC, where Local and Unspecified
/// would look the same): Local is converted, Unspecified is taken as UTC, a Date keeps the value's own calendar day.
/// </summary>
[TestFixture]
[NonParallelizable] // changes the process's local time zone
public sealed class ParameterTimeZoneTests
{
    private string? _savedTz;

    [SetUp]
    public void UseTokyoAsLocal()
    {
        _savedTz = Environment.GetEnvironmentVariable("TZ");
        Environment.SetEnvironmentVariable("TZ", "Asia/Tokyo");
        TimeZoneInfo.ClearCachedData();
        Assume.That(TimeZoneInfo.Local.BaseUtcOffset, Is.EqualTo(TimeSpan.FromHours(9)), "this platform does not take TZ for the local zone");
    }

    [TearDown]
    public void RestoreLocal()
    {
        Environment.SetEnvironmentVariable("TZ", _savedTz);
        TimeZoneInfo.ClearCachedData();
    }

    [Test]
    public void Local_IsConvertedToTheInstant()
        => Assert.That(ParameterFormatter.TextForm(new DateTime(2023, 11, 15, 7, 13, 20, DateTimeKind.Local), "DateTime", "p"), Is.EqualTo("1700000000"));

    [Test]
    public void Unspecified_IsTakenAsUtc_NotAsLocal()
        => Assert.That(ParameterFormatter.TextForm(new DateTime(2023, 11, 15, 7, 13, 20, DateTimeKind.Unspecified), "DateTime", "p"), Is.EqualTo("1700032400"));

    [Test]
    public void Local_DateTime64_KeepsItsFraction()
        => Assert.That(ParameterFormatter.Literal(new DateTime(2023, 11, 15, 7, 13, 20, 250, DateTimeKind.Local), "DateTime64(3, 'UTC')", "p"),
            Is.EqualTo("CAST('1700000000.250' AS DateTime64(3, 'UTC'))"));

    [Test]
    public void Date_FromALocalDateTime_IsItsOwnCalendarDay()
        => Assert.That(ParameterFormatter.TextForm(new DateTime(2023, 11, 15, 1, 0, 0, DateTimeKind.Local), "Date", "p"), Is.EqualTo("2023-11-15"));
}
