namespace AktivResept.Server.Common.Audit;

public static class AuditAction
{
    public const string Read = "read";
    public const string Search = "search";
    public const string Create = "create";
    public const string Update = "update";
    public const string Delete = "delete";
}
