using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AktivResept.Server.Common.Security;

/// <summary>
/// In Development only: keys the app needs (token signing, person-data encryption) are generated once per machine
/// and kept in the user's local data folder, so the repository holds no secret and a fresh clone just runs.
/// </summary>
public static class DevelopmentSecrets
{
    public static string DataFolder
    {
        get
        {
            var root = Environment.GetEnvironmentVariable("AKTIVRESEPT_DATA")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "AktivResept");
            Directory.CreateDirectory(root);
            return root;
        }
    }

    /// <summary>Creates the secrets file when missing and returns its path, for use as a configuration source.</summary>
    public static string EnsureFile()
    {
        var path = Path.Combine(DataFolder, "dev-secrets.json");
        if (File.Exists(path))
        {
            return path;
        }

        var json = new JsonObject
        {
            ["Auth"] = new JsonObject { ["DevelopmentSigningKey"] = NewKey() },
            ["Security"] = new JsonObject { ["PersonDataKey"] = NewKey(), ["PersonLookupKey"] = NewKey() },
        };
        File.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }

    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
