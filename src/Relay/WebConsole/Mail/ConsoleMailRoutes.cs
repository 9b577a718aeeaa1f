namespace Relay.WebConsole.Mail;

/// <summary>The paths of the mail pages (queue, outcomes) and of accounts and access keys.</summary>
internal static class ConsoleMailRoutes
{
    public const string Queue = "/queue";
    public const string QueueMessage = "/queue/message";
    public const string QueueRetry = "/queue/retry";
    public const string QueueDelete = "/queue/delete";
    public const string Outcomes = "/outcomes";
    public const string Accounts = "/accounts";
    public const string AccountCreate = "/accounts/create";
    public const string AccountSmtpPassword = "/accounts/smtp-password";
    public const string AccountRevokeCredentials = "/accounts/revoke-credentials";
    public const string AccessKeyCreate = "/access-keys/create";
    public const string AccessKeyRevoke = "/access-keys/revoke";

    public const string IdField = "id";
    public const string AccountField = "account";
    public const string SmtpUserField = "smtp-user";
    public const string ContactField = "contact";
    public const string ConfirmField = "confirm";

    public static string QueuePage(int page) => page <= 1 ? Queue : $"{Queue}?page={page}";

    public static string MessageOf(string id) => $"{QueueMessage}?{IdField}={Uri.EscapeDataString(id)}";

    public static string DeleteConfirmation(string id) => $"{QueueDelete}?{IdField}={Uri.EscapeDataString(id)}";

    public static string RevokeCredentialsConfirmation(string accountName) =>
        $"{AccountRevokeCredentials}?{AccountField}={Uri.EscapeDataString(accountName)}";

    public static string OutcomesOf(string? accountName) =>
        accountName is null ? Outcomes : $"{Outcomes}?{AccountField}={Uri.EscapeDataString(accountName)}";
}
