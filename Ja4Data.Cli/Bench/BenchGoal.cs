namespace Ja4Data.Cli.Bench;

/// <summary>
/// A target from the issue, expressed as a minimum speed ratio (the C++ reference's time over ours, for the same
/// work): "time &lt;= 0.8x" is a speed ratio of at least 1.25.
/// </summary>
internal sealed record BenchGoal(string Text, double MinSpeedRatio)
{
    public static readonly BenchGoal BulkInsert = new("time <= 0.8x", 1.25);

    public static readonly BenchGoal RowInsert = new("time <= 1.0x", 1.0);

    public static readonly BenchGoal Select = new("time <= 1.0x", 1.0);

    public static readonly BenchGoal Queries = new("QPS >= 1.0x", 1.0);

    public bool IsMetBy(double speedRatio) => speedRatio >= MinSpeedRatio;
}
