namespace Ja4Data.IntegrationTests.Ado;

/// <summary>A password-protected login against the live server: the opened connection's string no longer shows it.</summary>
[TestFixture]
public sealed class ConnectionSecretsLiveTests
{
    private static ClickHouseSettings PasswordSettings()
        => EndpointSettings.For(TestServer.PasswordEndpoint ?? throw new InconclusiveException("The shared server has no password user."));

    [Test]
    public async Task ConnectionString_AfterOpen_DropsThePassword_AndReopeningStillLogsIn()
    {
        var settings = PasswordSettings();
        await using var connection = new ClickHouseConnection(settings.ToConnectionString());
        var before = new ClickHouseConnectionStringBuilder(connection.ConnectionString).Password;

        await connection.OpenAsync();
        var opened = connection.ConnectionString;
        await connection.CloseAsync();
        ClickHouseConnection.ClearAllPools(); // the next open logs in anew
        await connection.OpenAsync();
        var one = await new ClickHouseCommand("SELECT 1", connection).ExecuteScalarAsync();

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.EqualTo(settings.Password));
            Assert.That(new ClickHouseConnectionStringBuilder(opened).Password, Is.Empty);
            Assert.That(opened, Does.Not.Contain(settings.Password));
            Assert.That(one, Is.EqualTo((byte)1), "logged in again with the password the connection kept");
        });
    }

    [Test]
    public async Task ConnectionString_PersistSecurityInfo_KeepsThePassword()
    {
        var settings = PasswordSettings() with { PersistSecurityInfo = true };
        await using var connection = new ClickHouseConnection(settings);

        await connection.OpenAsync();

        Assert.That(new ClickHouseConnectionStringBuilder(connection.ConnectionString).Password, Is.EqualTo(settings.Password));
    }
}
