using System.Runtime.CompilerServices;

// The CLI's logic is internal; the unit and integration tests drive it directly.
[assembly: InternalsVisibleTo("Ja4Data.Tests")]
[assembly: InternalsVisibleTo("Ja4Data.IntegrationTests")]
[assembly: InternalsVisibleTo("Ja4Data.Benchmarks")]
