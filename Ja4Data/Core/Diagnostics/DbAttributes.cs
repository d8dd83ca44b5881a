namespace Ja4Data.Core.Diagnostics;

/// <summary>OpenTelemetry's database semantic-convention attribute names (the stable ones, no legacy names).</summary>
internal static class DbAttributes
{
    public const string SystemName = "db.system.name";
    public const string ClickHouse = "clickhouse";
    public const string Namespace = "db.namespace";
    public const string OperationName = "db.operation.name";
    public const string CollectionName = "db.collection.name";
    public const string QueryText = "db.query.text";
    public const string ResponseStatusCode = "db.response.status_code";
    public const string ReturnedRows = "db.response.returned_rows";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";
    public const string ErrorType = "error.type";
}
