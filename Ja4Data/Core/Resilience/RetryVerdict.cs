namespace Ja4Data.Core.Resilience;

/// <summary>The classifier's answer for one failed attempt.</summary>
internal enum RetryVerdict
{
    /// <summary>Surface the failure.</summary>
    Stop,

    /// <summary>Repeat on a fresh connection, within the retry budget.</summary>
    Retry,

    /// <summary>Repeat only if this was the first attempt: the failure is often deterministic for the statement.</summary>
    RetryOnce,
}
