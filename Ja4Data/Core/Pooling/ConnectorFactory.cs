namespace Ja4Data.Core.Pooling;

/// <summary>Opens a physical connection; the pool's seam for tests (the default is <see cref="ClickHouseConnector.OpenAsync"/>).</summary>
internal delegate ValueTask<ClickHouseConnector> ConnectorFactory(ClickHouseSettings settings, bool async, CancellationToken cancellationToken);
