using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Hsi.Api.Http;

/// <summary>Checks presented API keys against the configured ones by SHA-256, in constant time.</summary>
public sealed class ApiKeyValidator(HsiSettings settings)
{
    private readonly byte[][] _hashes = settings.ApiKeys.Select(Hash).ToArray();

    public bool Enabled => settings.ApiKeyEnabled;

    public bool IsValid(string presented)
    {
        var hash = Hash(presented);
        var match = false;
        // Visit every key so the time taken does not tell which one (or whether any) matched.
        foreach (var known in _hashes) match |= CryptographicOperations.FixedTimeEquals(hash, known);
        return match;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
