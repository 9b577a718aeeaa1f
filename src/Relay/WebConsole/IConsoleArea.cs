namespace Relay.WebConsole;

/// <summary>A part of the console (identities, the queue, …) that maps its own pages and form posts.</summary>
internal interface IConsoleArea
{
    void Map(ConsoleRouteTable routes);
}
