namespace AktivResept.Server.Features.Dialogmelding;

/// <summary>The <c>Dialogmelding</c> configuration section: who we are as a sender, and which adapter sends.</summary>
public sealed class DialogmeldingOptions
{
    public const string Section = "Dialogmelding";

    /// <summary>The built-in adapter: messages stay in the table (and, with <see cref="OutboxDirectory"/>, as files) for the operator to collect.</summary>
    public const string OutboxTransport = "Outbox";

    /// <summary>NHN's message exchange (meldingstjener / EDI 2.0): configured here, not built in this version (docs/dialogmelding.md).</summary>
    public const string NhnTransport = "Nhn";

    /// <summary>Run the sender job in this instance (every instance may; rows are claimed with SKIP LOCKED).</summary>
    public bool RunSender { get; set; } = true;

    public int SendIntervalSeconds { get; set; } = 10;

    public int BatchSize { get; set; } = 50;

    /// <summary><see cref="OutboxTransport"/> (default) or <see cref="NhnTransport"/> (refused at start until built).</summary>
    public string Transport { get; set; } = OutboxTransport;

    /// <summary>Optional: the built-in adapter also writes each sent message here as <c>&lt;MsgId&gt;.xml</c>.</summary>
    public string? OutboxDirectory { get; set; }

    /// <summary>The sending organisation's name in MsgHead/Sender.</summary>
    public string SenderName { get; set; } = "AktivResept";

    /// <summary>The operator's organisation number (ENH). Without it and <see cref="SenderHerId"/> a message cannot be valid and fails.</summary>
    public string? SenderOrganisationNumber { get; set; }

    /// <summary>The operator's HER-id on Norsk helsenett, when registered.</summary>
    public string? SenderHerId { get; set; }

    /// <summary>NHN message exchange settings, read only when <see cref="Transport"/> is <see cref="NhnTransport"/>.</summary>
    public NhnOptions Nhn { get; set; } = new();
}

/// <summary>What the NHN adapter will need (docs/dialogmelding.md); documented so a deployment can be prepared.</summary>
public sealed class NhnOptions
{
    /// <summary>The message exchange's base URL (NHN's EDI 2.0 / "Meldingstjener" REST API).</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The HelseID client id the operator's system authenticates with.</summary>
    public string? HelseIdClientId { get; set; }

    /// <summary>Where the HelseID client's private key (JWK) is kept (a secret store reference).</summary>
    public string? HelseIdPrivateKeyReference { get; set; }

    /// <summary>The certificate (thumbprint) messages are signed and encrypted with (NHN's virksomhetssertifikat).</summary>
    public string? CertificateThumbprint { get; set; }
}
