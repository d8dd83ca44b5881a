namespace Ja4Data.Cli.Generation;

/// <summary>The request pattern of a client profile.</summary>
internal enum ClientBehavior
{
    /// <summary>Browses pages, loads assets, calls the API.</summary>
    Browser,

    /// <summary>A mobile app or service: mostly API calls.</summary>
    ApiClient,

    /// <summary>Crawls pages (search engines).</summary>
    Crawler,

    /// <summary>Hammers the login endpoint from a few hundred addresses; most attempts fail with 401.</summary>
    CredentialStuffer,

    /// <summary>Probes for well-known vulnerable paths; mostly 404s.</summary>
    Scanner,
}
