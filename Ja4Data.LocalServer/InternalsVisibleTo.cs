using System.Runtime.CompilerServices;

// The integration tests exercise the Docker probe and the environment parser directly; the csproj is shared, so the
// grant lives here.
[assembly: InternalsVisibleTo("Ja4Data.IntegrationTests")]
