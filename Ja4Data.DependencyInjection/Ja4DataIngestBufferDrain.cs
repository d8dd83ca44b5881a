using Microsoft.Extensions.Hosting;

namespace Ja4Data.DependencyInjection;

/// <summary>
/// Drains a registered ingest buffer when the host stops: <see cref="StopAsync"/> disposes it, which writes every
/// queued row and waits for the batches in flight, while the client beneath it is still alive.
/// </summary>
internal sealed class Ja4DataIngestBufferDrain<T>(ClickHouseIngestBuffer<T> buffer) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // The host's shutdown timeout bounds the wait; the drain itself goes on until the process ends.
    public Task StopAsync(CancellationToken cancellationToken) => buffer.DisposeAsync().AsTask().WaitAsync(cancellationToken);
}
