using System.Globalization;

namespace Ja4Data.Cli.Generation;

/// <summary>
/// The fixed world the generator draws from: client profiles (browsers, apps, crawlers, a long tail of libraries and
/// two kinds of bots), hosts with their paths, and address pools. Built once from a fixed seed, so every run and
/// every peer sees the same fingerprints, hosts and addresses.
/// </summary>
internal sealed class HttpLogVocabulary
{
    public static readonly IReadOnlyList<string> Methods = ["GET", "POST", "PUT", "DELETE", "HEAD"];

    private const string Chrome = "t13d1516h2_8daaf6152771_02713d6af862";
    private const string Firefox = "t13d1715h2_5b57614c22b0_3d5424432f57";
    private const string Safari = "t13d2014h2_a09f3c656075_14788d8d241b";
    private const int LongTailProfiles = 400;
    private const int SharedAddresses = 50_000;

    private static readonly string[] BrowserAgents =
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    ];

    public static readonly IReadOnlyList<string> ScannerPaths =
    [
        "/.env", "/wp-login.php", "/.git/config", "/phpmyadmin/index.php", "/actuator/env", "/server-status", "/cgi-bin/luci",
        "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/admin/config.php", "/owa/auth/logon.aspx", "/.aws/credentials",
        "/api/v1/pods", "/solr/admin/info/system", "/HNAP1/", "/boaform/admin/formLogin", "/console/login/LoginForm.jsp",
    ];

    private static readonly string[] TailProducts =
    [
        "okhttp", "Dalvik", "axios", "node-fetch", "Java-http-client", "Apache-HttpClient", "PostmanRuntime", "Wget", "libcurl",
        "aws-sdk-go", "Ruby", "PHP-Curl", "Slackbot", "facebookexternalhit", "Twitterbot", "WhatsApp", "SmartTV", "Roku",
    ];

    private static readonly Lazy<HttpLogVocabulary> Shared = new(() => new HttpLogVocabulary());

    public HttpLogVocabulary()
    {
        var random = new FastRandom(0x4A41_3444_4154_41UL);
        Profiles = BuildProfiles(ref random);
        ProfilePicker = new WeightedPicker(Profiles.Select(p => p.Weight));
        Hosts = BuildHosts();
        HostPickers = BuildHostPickers(Hosts);
        PathPicker = WeightedPicker.Zipf(Hosts.Max(h => h.Paths.Count), 1.05);
        Ja4H = BuildJa4H(Profiles);
        SharedAddressPool = Enumerable.Range(0, SharedAddresses).Select(_ => PublicAddress(ref random)).ToArray();
        SharedAddressPicker = WeightedPicker.Zipf(SharedAddresses, 0.9);
        StufferAddresses = Enumerable.Range(0, 300).Select(i => string.Create(CultureInfo.InvariantCulture, $"185.220.{100 + i / 250}.{i % 250 + 1}")).ToArray();
        ScannerAddresses = ["45.155.205.233", "193.142.146.35", "162.142.125.210", "167.94.138.44"];
    }

    public static HttpLogVocabulary Default => Shared.Value;

    public IReadOnlyList<ClientProfile> Profiles { get; }

    public WeightedPicker ProfilePicker { get; }

    public IReadOnlyList<SiteHost> Hosts { get; }

    /// <summary>Per <see cref="ClientBehavior"/>: which hosts that kind of client talks to.</summary>
    public IReadOnlyList<WeightedPicker> HostPickers { get; }

    /// <summary>Zipf over path ranks (clamped to the host's path count by the generator).</summary>
    public WeightedPicker PathPicker { get; }

    /// <summary>JA4H per profile and method index (<see cref="Methods"/>).</summary>
    public string[][] Ja4H { get; }

    public string[] SharedAddressPool { get; }

    public WeightedPicker SharedAddressPicker { get; }

    public string[] StufferAddresses { get; }

    public string[] ScannerAddresses { get; }

    private static List<ClientProfile> BuildProfiles(ref FastRandom random)
    {
        var known = new List<ClientProfile>
        {
            new("chrome-windows", Chrome, [BrowserAgents[0]], 30, ClientBehavior.Browser, new("Chrome", "browser", 0)),
            new("chrome-macos", Chrome, [BrowserAgents[1]], 12, ClientBehavior.Browser, new("Chrome", "browser", 0)),
            new("chrome-android", "t13d1516h2_8daaf6152771_e5627efa2ab1", ["Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36"], 10, ClientBehavior.Browser, new("Chrome Mobile", "browser", 0)),
            new("edge", Chrome, ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51"], 5, ClientBehavior.Browser, new("Chrome", "browser", 0)),
            new("firefox-windows", Firefox, [BrowserAgents[2]], 8, ClientBehavior.Browser, new("Firefox", "browser", 0)),
            new("firefox-linux", Firefox, ["Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0"], 2, ClientBehavior.Browser, new("Firefox", "browser", 0)),
            new("safari-macos", Safari, ["Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15"], 6, ClientBehavior.Browser, new("Safari", "browser", 0)),
            new("safari-ios", Safari, [BrowserAgents[3]], 10, ClientBehavior.Browser, new("Safari", "browser", 0)),
            new("shop-android-app", Ja4Strings.Ja4('t', 13, true, 16, 14, "h2", "okhttp/4.12"), ["ShopApp/5.2.1 (Android 14; okhttp/4.12.0)"], 4, ClientBehavior.ApiClient, new("ShopApp Android (OkHttp)", "app", 0)),
            new("shop-ios-app", Ja4Strings.Ja4('t', 13, true, 20, 13, "h2", "cfnetwork/1494"), ["ShopApp/5.2.1 CFNetwork/1494.0.7 Darwin/23.4.0"], 4, ClientBehavior.ApiClient, new("ShopApp iOS (CFNetwork)", "app", 0)),
            new("googlebot", Ja4Strings.Ja4('t', 13, true, 15, 16, "h2", "googlebot"), ["Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"], 1.5, ClientBehavior.Crawler, new("Googlebot", "crawler", 0)),
            new("bingbot", Ja4Strings.Ja4('t', 13, true, 15, 16, "h2", "bingbot"), ["Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"], 0.5, ClientBehavior.Crawler, new("Bingbot", "crawler", 0)),
            new("curl", Ja4Strings.Ja4('t', 13, true, 31, 12, "h2", "curl/8"), ["curl/8.5.0", "curl/7.88.1"], 1.5, ClientBehavior.ApiClient, new("curl", "tool", 1)),
            new("python-requests", Ja4Strings.Ja4('t', 13, true, 18, 12, "h1", "python-urllib3"), ["python-requests/2.31.0"], 1.2, ClientBehavior.ApiClient, new("Python requests", "library", 1)),
            new("go-http", Ja4Strings.Ja4('t', 13, true, 10, 11, "h2", "go/net-http"), ["Go-http-client/2.0"], 1, ClientBehavior.ApiClient, new("Go net/http", "library", 1)),
            new("credential-stuffer", Ja4Strings.Ja4('t', 13, true, 18, 12, "h1", "python-aiohttp"), BrowserAgents, 1.0, ClientBehavior.CredentialStuffer, new("aiohttp credential stuffing kit", "malicious", 3)),
            new("scanner", Ja4Strings.Ja4('t', 12, false, 41, 8, "00", "zgrab2"), ["Mozilla/5.0 zgrab/0.x", "Mozilla/5.0 (compatible; Nuclei - Open-source project (github.com/projectdiscovery/nuclei))"], 0.6, ClientBehavior.Scanner, new("zgrab/nuclei scanner", "scanner", 2)),
        };

        // The long tail: libraries, SDKs, old devices. Uncurated, so they show up without a label.
        for (var rank = 1; rank <= LongTailProfiles; rank++)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"tail-{rank}");
            var version = random.Next(4) == 0 ? 12 : 13;
            var ja4 = Ja4Strings.Ja4(random.Next(20) == 0 ? 'q' : 't', version, random.Next(10) != 0, random.Next(5, 45), random.Next(6, 20), random.Next(3) == 0 ? "h1" : "h2", name);
            var agent = string.Create(CultureInfo.InvariantCulture, $"{TailProducts[random.Next(TailProducts.Length)]}/{random.Next(1, 12)}.{random.Next(0, 30)}");
            known.Add(new ClientProfile(name, ja4, [agent], 6.0 / rank, rank % 3 == 0 ? ClientBehavior.Browser : ClientBehavior.ApiClient, null));
        }

        return known;
    }

    private static List<SiteHost> BuildHosts()
    {
        static string[] Expand(params string[] templates) =>
        [
            .. templates.SelectMany(t => t.Contains("{id}", StringComparison.Ordinal)
                ? Enumerable.Range(0, 40).Select(i => t.Replace("{id}", (1000 + i * 37).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))
                : [t]),
        ];

        return
        [
            new("www.shop.example", SiteKind.Web, Expand("/", "/search", "/category/shoes", "/category/bags", "/product/{id}", "/cart", "/checkout", "/account", "/help/shipping", "/blog/{id}"), 35, 30_000, 0.002),
            new("m.shop.example", SiteKind.Web, Expand("/", "/search", "/product/{id}", "/cart"), 40, 18_000, 0.002),
            new("api.shop.example", SiteKind.Api, Expand("/api/v2/products", "/api/v2/products/{id}", "/api/v2/cart", "/api/v2/orders", "/api/v2/orders/{id}", "/api/v2/recommendations", "/graphql"), 25, 2_500, 0.004),
            new("cdn.shop.example", SiteKind.Cdn, Expand("/static/app.js", "/static/app.css", "/img/product/{id}.webp", "/img/logo.svg", "/fonts/inter.woff2"), 4, 45_000, 0.0005),
            new("login.shop.example", SiteKind.Login, Expand("/login", "/api/v1/session", "/oauth/authorize", "/password/reset"), 80, 1_200, 0.003),
            new("partners-api.example", SiteKind.Api, Expand("/v1/inventory", "/v1/inventory/{id}", "/v1/prices", "/v1/webhooks"), 60, 4_000, 0.05),
            new("legacy.shop.example", SiteKind.Web, Expand("/index.php", "/catalog.php", "/item.php?id={id}"), 420, 22_000, 0.03),
        ];
    }

    private static WeightedPicker[] BuildHostPickers(IReadOnlyList<SiteHost> hosts)
    {
        double[] Weights(params (string Host, double Weight)[] pairs)
            => [.. hosts.Select(h => pairs.FirstOrDefault(p => p.Host == h.Name).Weight)];

        var pickers = new WeightedPicker[Enum.GetValues<ClientBehavior>().Length];
        pickers[(int)ClientBehavior.Browser] = new(Weights(("www.shop.example", 45), ("m.shop.example", 8), ("api.shop.example", 12), ("cdn.shop.example", 30), ("login.shop.example", 2), ("legacy.shop.example", 1)));
        pickers[(int)ClientBehavior.ApiClient] = new(Weights(("api.shop.example", 70), ("partners-api.example", 20), ("login.shop.example", 5), ("legacy.shop.example", 5)));
        pickers[(int)ClientBehavior.Crawler] = new(Weights(("www.shop.example", 85), ("m.shop.example", 10), ("legacy.shop.example", 5)));
        pickers[(int)ClientBehavior.CredentialStuffer] = new(Weights(("login.shop.example", 1)));
        pickers[(int)ClientBehavior.Scanner] = new(hosts.Select(_ => 1.0));
        return pickers;
    }

    private static string[][] BuildJa4H(IReadOnlyList<ClientProfile> profiles)
        => [.. profiles.Select(p => Methods.Select(m => Ja4Strings.Ja4H(
            m,
            p.Ja4.AsSpan(8, 2).SequenceEqual("h1") ? "11" : "20",
            cookies: p.Behavior is ClientBehavior.Browser,
            referer: p.Behavior is ClientBehavior.Browser && m == "GET",
            headers: p.Behavior switch { ClientBehavior.Browser => 14, ClientBehavior.Scanner => 4, _ => 7 },
            language: p.Behavior is ClientBehavior.Browser or ClientBehavior.CredentialStuffer ? "enus" : "0000",
            p.Name)).ToArray())];

    private static string PublicAddress(ref FastRandom random)
    {
        int first;
        do
        {
            first = random.Next(1, 224);
        }
        while (first is 10 or 127 or 172 or 192 or 169 or 100);

        return string.Create(CultureInfo.InvariantCulture, $"{first}.{random.Next(256)}.{random.Next(256)}.{random.Next(1, 255)}");
    }
}
