using Ja4Data.Core.Resilience;

namespace Ja4Data.Tests.Resilience;

[TestFixture]
public sealed class BackoffScheduleTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(0.2);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(5);

    [Test]
    public void Nominal_DoublesFromTheBaseUpToTheCap()
        => Assert.That(
            Enumerable.Range(0, 8).Select(i => BackoffSchedule.Nominal(i, Base, Cap).TotalSeconds),
            Is.EqualTo(new[] { 0.2, 0.4, 0.8, 1.6, 3.2, 5, 5, 5 }).Within(1e-9));

    [Test]
    public void Nominal_ManyAttempts_DoesNotOverflow()
        => Assert.That(BackoffSchedule.Nominal(1000, Base, Cap), Is.EqualTo(Cap));

    [TestCase(0.0, 1.0)]
    [TestCase(0.5, 1.125)]
    [TestCase(0.999999, 1.25)]
    public void Delay_Jitter_OnlyStretchesTheNominalDelayByUpToAQuarter(double random, double factor)
        => Assert.That(BackoffSchedule.Delay(2, Base, Cap, random).TotalSeconds, Is.EqualTo(0.8 * factor).Within(1e-6));

    [Test]
    public void Defaults_BridgeATenSecondServerRestart()
    {
        var defaults = new ClickHouseSettings();

        var span = BackoffSchedule.MinimumSpan(defaults.RetryMaxAttempts, defaults.RetryBaseDelay, defaults.RetryMaxDelay);

        Assert.Multiple(() =>
        {
            Assert.That(span, Is.EqualTo(TimeSpan.FromSeconds(11.2)));
            Assert.That(span, Is.GreaterThan(TimeSpan.FromSeconds(10)));
            Assert.That(defaults.RetryTimeout, Is.GreaterThan(span * (1 + BackoffSchedule.JitterFraction)), "the overall timeout must not cut the schedule short");
        });
    }
}
