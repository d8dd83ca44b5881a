using System.Diagnostics;
using Ja4Data.Core.Resilience;
using Ja4Data.Sql;
using Microsoft.Extensions.Logging;

namespace Ja4Data.Core.Diagnostics;

/// <summary>
/// One database operation as logs, traces and metrics see it: a client span on the <c>Ja4Data</c> ActivitySource with
/// OpenTelemetry's database attributes, a <c>db.client.operation.duration</c> measurement and the statement's log
/// lines. An ADO.NET execution is one operation (from execute until its reader closes). A facade call is one operation
/// whose attempts (the commands and inserts it runs, one per retry) become child spans: the duration is measured once,
/// for the call, and retries appear as <c>retry</c> events on its span.
/// </summary>
internal sealed class DbOperation : IDisposable
{
    // The facade call running in this flow: operations started inside it are its attempts.
    private static readonly AsyncLocal<DbOperation?> EnclosingCall = new();

    private readonly DbClientDiagnostics _diagnostics;
    private readonly DbOperation? _parent;
    private readonly DbOperation? _previousCall;
    private readonly bool _isCall;
    private readonly string _sql;
    private readonly string _operationName;
    private readonly string? _collection;
    private readonly long _started = Stopwatch.GetTimestamp();
    private Exception? _failure;
    private QuerySummary? _summary;
    private int _ended;

    private DbOperation(DbClientDiagnostics diagnostics, string sql, string? operationName, string? collection, string? queryId, bool isCall)
    {
        _diagnostics = diagnostics;
        _sql = sql;
        _operationName = operationName ?? SqlSanitizer.OperationName(sql) ?? "QUERY";
        _collection = collection;
        _isCall = isCall;
        _parent = EnclosingCall.Value;
        if (isCall)
        {
            _previousCall = _parent;
            EnclosingCall.Value = this;
        }

        if (Ja4DataTelemetry.Source.HasListeners())
        {
            Activity = StartActivity();
        }

        if (!isCall && diagnostics.Commands.IsEnabled(LogLevel.Debug))
        {
            Ja4DataLog.CommandExecuting(diagnostics.Commands, _operationName, queryId, diagnostics.Server, SqlSanitizer.Sanitize(sql));
        }
    }

    /// <summary>The facade call running in the current flow, if any (its retries are recorded on it).</summary>
    public static DbOperation? CurrentCall => EnclosingCall.Value;

    /// <summary>The operation's span; null when nothing listens to the <c>Ja4Data</c> source.</summary>
    public Activity? Activity { get; }

    /// <summary>Starts an ADO.NET execution (or a facade call's attempt) of <paramref name="sql"/>.</summary>
    public static DbOperation Start(DbClientDiagnostics diagnostics, string sql, string? queryId, string? collection = null, string? operationName = null)
        => new(diagnostics, sql, operationName, collection, queryId, isCall: false);

    /// <summary>
    /// Starts a facade call: operations started in this flow until it is disposed are its attempts. Dispose it on the
    /// thread (or in the async method) that started it.
    /// </summary>
    public static DbOperation StartCall(DbClientDiagnostics diagnostics, string sql, string? collection = null, string? operationName = null)
        => new(diagnostics, sql, operationName, collection, queryId: null, isCall: true);

    /// <summary>Records the failure the operation ends with (the first one counts).</summary>
    public void Fail(Exception exception) => _failure ??= exception;

    /// <summary>Records a retry the call's pipeline scheduled: a span event and a warning.</summary>
    public void RecordRetry(int attempt, TimeSpan delay, Exception? exception)
    {
        var errorType = ResiliencePipelines.ErrorType(exception);
        Activity?.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection
        {
            ["ja4data.retry.attempt"] = attempt,
            ["ja4data.retry.delay"] = delay.TotalSeconds,
            [DbAttributes.ErrorType] = errorType,
        }));
        Ja4DataLog.RetryScheduled(_diagnostics.Retries, _operationName, attempt, delay.TotalMilliseconds, errorType, exception?.Message ?? "no exception");
    }

    /// <summary>Ends the operation once: stops the span, measures the duration (of calls and top-level executions), logs.</summary>
    public void End(QuerySummary? summary = null)
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            return;
        }

        _summary = summary ?? _summary;
        var elapsed = Stopwatch.GetElapsedTime(_started);
        if (_parent is not null && !_isCall)
        {
            _parent._summary = _summary ?? _parent._summary;
        }

        var errorType = _failure is null ? null : ResiliencePipelines.ErrorType(_failure);
        var statusCode = (_failure as ClickHouseServerException)?.ErrorCode.ToString(CultureInfo.InvariantCulture);
        StopActivity(errorType, statusCode);
        var topLevel = _parent is null || _isCall;
        if (topLevel)
        {
            RecordDuration(elapsed, errorType, statusCode);
            if (_failure is ClickHouseInsertOutcomeUnknownException unknown)
            {
                Ja4DataMetrics.InsertsOutcomeUnknown.Add(1, new KeyValuePair<string, object?>(Ja4DataMetrics.PoolTag, _diagnostics.PoolName));
                Ja4DataLog.InsertOutcomeUnknown(_diagnostics.Commands, unknown, _collection ?? "a table", _diagnostics.Server);
            }

            var threshold = _diagnostics.SlowStatementThreshold;
            if (threshold > TimeSpan.Zero && elapsed > threshold && _diagnostics.Commands.IsEnabled(LogLevel.Warning))
            {
                Ja4DataLog.SlowStatement(_diagnostics.Commands, _operationName, elapsed.TotalMilliseconds, threshold.TotalMilliseconds, _diagnostics.Server, SqlSanitizer.Sanitize(_sql));
            }
        }

        if (!_isCall)
        {
            if (_failure is null)
            {
                Ja4DataLog.CommandCompleted(_diagnostics.Commands, _operationName, elapsed.TotalMilliseconds, _summary?.ReadRows ?? 0, _summary?.WrittenRows ?? 0);
            }
            else
            {
                Ja4DataLog.CommandFailed(_diagnostics.Commands, _failure, _operationName, elapsed.TotalMilliseconds, errorType!);
            }
        }
    }

    /// <summary>Ends the operation (if not yet) and, for a call, ends its scope in this flow.</summary>
    public void Dispose()
    {
        End();
        if (_isCall && EnclosingCall.Value == this)
        {
            EnclosingCall.Value = _previousCall;
        }
    }

    private Activity? StartActivity()
    {
        // Attributes a sampler may use are given at creation, as the conventions ask.
        var tags = new ActivityTagsCollection
        {
            [DbAttributes.SystemName] = DbAttributes.ClickHouse,
            [DbAttributes.Namespace] = _diagnostics.Namespace,
            [DbAttributes.OperationName] = _operationName,
            [DbAttributes.ServerAddress] = _diagnostics.ServerAddress,
            [DbAttributes.ServerPort] = _diagnostics.ServerPort,
        };
        if (_collection is not null)
        {
            tags[DbAttributes.CollectionName] = _collection;
        }

        if (_diagnostics.TraceQueryText)
        {
            tags[DbAttributes.QueryText] = SqlSanitizer.Sanitize(_sql);
        }

        var name = _collection is null ? _operationName : $"{_operationName} {_collection}";
        return Ja4DataTelemetry.Source.StartActivity(name, ActivityKind.Client, parentContext: default, tags);
    }

    private void StopActivity(string? errorType, string? statusCode)
    {
        if (Activity is not { } activity)
        {
            return;
        }

        if (activity.IsAllDataRequested && _summary is { } summary)
        {
            activity.SetTag(DbAttributes.ReturnedRows, summary.ResultRows);
            activity.SetTag("db.clickhouse.read_rows", summary.ReadRows);
            activity.SetTag("db.clickhouse.read_bytes", summary.ReadBytes);
            activity.SetTag("db.clickhouse.written_rows", summary.WrittenRows);
            activity.SetTag("db.clickhouse.written_bytes", summary.WrittenBytes);
        }

        if (_failure is { } failure)
        {
            activity.SetTag(DbAttributes.ErrorType, errorType);
            if (statusCode is not null)
            {
                activity.SetTag(DbAttributes.ResponseStatusCode, statusCode);
            }

            activity.SetStatus(ActivityStatusCode.Error, failure.Message);
            activity.AddException(failure);
        }

        activity.Dispose();
    }

    private void RecordDuration(TimeSpan elapsed, string? errorType, string? statusCode)
    {
        if (!Ja4DataMetrics.OperationDuration.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { DbAttributes.SystemName, DbAttributes.ClickHouse },
            { DbAttributes.Namespace, _diagnostics.Namespace },
            { DbAttributes.OperationName, _operationName },
            { DbAttributes.ServerAddress, _diagnostics.ServerAddress },
            { DbAttributes.ServerPort, _diagnostics.ServerPort },
            { Ja4DataMetrics.PoolTag, _diagnostics.PoolName },
        };
        if (errorType is not null)
        {
            tags.Add(DbAttributes.ErrorType, errorType);
        }

        if (statusCode is not null)
        {
            tags.Add(DbAttributes.ResponseStatusCode, statusCode);
        }

        Ja4DataMetrics.OperationDuration.Record(elapsed.TotalSeconds, tags);
    }
}
