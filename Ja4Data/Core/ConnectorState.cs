namespace Ja4Data.Core;

/// <summary>
/// Life cycle of a physical connection. Any I/O or protocol failure moves it to <see cref="Broken"/>, which is final:
/// a broken connector is never handed out again.
/// </summary>
internal enum ConnectorState
{
    Connecting,
    Ready,
    Busy,
    Broken,
    Closed,
}
