namespace Ja4Data.Tests.Conformance;

/// <summary>
/// A ClickHouse engine the conformance tests ask for reference output. Today a direct chDB binding
/// (<see cref="ChDbOracle"/>); meant to be switched to <c>ChDbSession</c> once the LocalServer wrapper lands.
/// </summary>
internal interface IClickHouseOracle
{
    /// <summary>Runs <paramref name="sql"/> and returns the output in <paramref name="format"/> (e.g. <c>Native</c>, <c>TSV</c>).</summary>
    /// <exception cref="InvalidOperationException">The engine reported an error.</exception>
    byte[] Query(string sql, string format);
}
