namespace Ja4Data.Cli.Generation;

/// <summary>What a host serves.</summary>
internal enum SiteKind
{
    /// <summary>HTML pages.</summary>
    Web,

    /// <summary>JSON API.</summary>
    Api,

    /// <summary>Static assets.</summary>
    Cdn,

    /// <summary>Sign-in endpoints.</summary>
    Login,
}
