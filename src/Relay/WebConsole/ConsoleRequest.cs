using Microsoft.AspNetCore.Http;

namespace Relay.WebConsole;

/// <summary>A request that passed the console's gate: a live session, and for a post a form whose CSRF token is right.</summary>
internal sealed class ConsoleRequest(HttpContext context, ConsoleSession session, IFormCollection? form)
{
    public HttpContext Context { get; } = context;

    public ConsoleSession Session { get; } = session;

    public CancellationToken Aborted => Context.RequestAborted;

    /// <summary>A query parameter, empty when absent.</summary>
    public string Query(string name) => Context.Request.Query[name].ToString();

    /// <summary>The posted form; empty for a GET.</summary>
    public IFormCollection Form { get; } = form ?? new FormCollection([]);

    /// <summary>A field of the posted form, empty when absent (and for a GET).</summary>
    public string Field(string name) => Form[name].ToString();

    /// <summary>A file of a multipart form, or null.</summary>
    public IFormFile? File(string name) => Form.Files.GetFile(name);
}
