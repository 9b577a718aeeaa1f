namespace Relay.WebConsole;

/// <summary>Answers one console page or form post.</summary>
internal delegate Task ConsoleHandler(ConsoleRequest request);

/// <summary>
/// Which handler answers which GET path and which form post, filled by the console's areas (<see cref="IConsoleArea"/>);
/// a path is mapped once per method, so two areas cannot both claim it.
/// </summary>
internal sealed class ConsoleRouteTable
{
    private readonly Dictionary<(bool IsPost, string Path), ConsoleHandler> _handlers = [];

    public ConsoleRouteTable(IEnumerable<IConsoleArea> areas)
    {
        ArgumentNullException.ThrowIfNull(areas);
        foreach (var area in areas)
        {
            area.Map(this);
        }
    }

    public void Get(string path, ConsoleHandler handler) => Add(isPost: false, path, handler);

    public void Post(string path, ConsoleHandler handler) => Add(isPost: true, path, handler);

    public ConsoleHandler? Find(bool isPost, string path) => _handlers.GetValueOrDefault((isPost, path));

    private void Add(bool isPost, string path, ConsoleHandler handler)
    {
        if (!_handlers.TryAdd((isPost, path), handler))
        {
            throw new InvalidOperationException($"Console route {(isPost ? "POST" : "GET")} {path} is mapped twice.");
        }
    }
}
