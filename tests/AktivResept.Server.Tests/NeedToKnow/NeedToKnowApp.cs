using AktivResept.Server.Tests.Infrastructure;

namespace AktivResept.Server.Tests.NeedToKnow;

/// <summary>The app with short, known need-to-know settings (Common/Access/AccessOptions), so tests can cross them on the clock.</summary>
public sealed class NeedToKnowApp : AktivApiFactory
{
    public const int LookupRelationshipHours = 2;
    public const int AfterCareDays = 10;
    public const int AlertThreshold = 5;
    public const int AlertWindowMinutes = 60;

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Access:LookupRelationshipHours"] = $"{LookupRelationshipHours}",
        ["Access:AfterCareDays"] = $"{AfterCareDays}",
        ["Access:LookupAlertThreshold"] = $"{AlertThreshold}",
        ["Access:AlertWindowMinutes"] = $"{AlertWindowMinutes}",
    };
}
