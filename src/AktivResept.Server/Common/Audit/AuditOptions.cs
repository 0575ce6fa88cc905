namespace AktivResept.Server.Common.Audit;

/// <summary>Section <c>Audit</c>: the sealing job, and the key that signs exported checkpoints.</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>Whether this instance runs the sealing job (safe in every instance: one seals at a time).</summary>
    public bool RunSealer { get; set; } = true;

    public int SealIntervalSeconds { get; set; } = 5;

    /// <summary>
    /// How often a sealing pass also looks back over the last hour for rows committed late (after rows with higher ids
    /// were sealed); the passes between look only past the last sealed row. A late row waits at most this long more.
    /// </summary>
    public int LateCommitSweepSeconds { get; set; } = 60;

    /// <summary>Rows sealed per transaction; a pass goes on until no row is left.</summary>
    public int SealBatchSize { get; set; } = 2000;

    /// <summary>
    /// How long after a month ends before it is closed (<see cref="AuditMonthSeal"/>): longer than any transaction
    /// lives, so a row stamped in the old month and committed after midnight is still chained into it.
    /// </summary>
    public int SealGraceMinutes { get; set; } = 60;

    /// <summary>
    /// HMAC key (base64, at least 32 bytes) for checkpoints, from the secret store or the environment
    /// (<c>Audit__CheckpointKey</c>), never from a file in the repository. Needed only by the checkpoint verbs.
    /// </summary>
    public string? CheckpointKey { get; set; }

    /// <summary>
    /// Named checkpoint keys (<c>Audit:CheckpointKeys:{id}</c>, base64, at least 32 bytes) so the key can rotate: a
    /// checkpoint names the id it was signed with and verifies with that key; export signs with <see cref="CheckpointKeyId"/>.
    /// </summary>
    public Dictionary<string, string> CheckpointKeys { get; set; } = [];

    /// <summary>The named key export signs with; unset signs with the unnamed <see cref="CheckpointKey"/> as before.</summary>
    public string? CheckpointKeyId { get; set; }

    /// <summary>
    /// Whether reads hand their audit rows to <see cref="AuditWriter"/> (one COPY and one commit for many concurrent
    /// reads, each answered after its batch commits) instead of committing per request. PostgreSQL only.
    /// </summary>
    public bool BatchReads { get; set; } = true;

    /// <summary>The most rows one batch of <see cref="AuditWriter"/> carries.</summary>
    public int ReadBatchMaxRows { get; set; } = 2000;
}
