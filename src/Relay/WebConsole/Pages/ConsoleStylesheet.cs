namespace Relay.WebConsole.Pages;

/// <summary>The console's one stylesheet, served from the console itself so the content security policy can forbid everything else.</summary>
internal static class ConsoleStylesheet
{
    // Dark text on white and a blue that keeps 4.5:1 against it (WCAG AA); focus is always visible.
    public const string Text = """
        body { font-family: system-ui, sans-serif; margin: 0; color: #1a1a1a; background: #fff; line-height: 1.4; }
        header { display: flex; gap: 1.5rem; align-items: center; padding: 0.5rem 1.5rem; border-bottom: 1px solid #ccc; }
        header .brand { font-weight: bold; margin: 0; }
        header .sign-out { margin-left: auto; }
        main { padding: 1rem 1.5rem; max-width: 80rem; }
        a { color: #0645ad; }
        a:focus, button:focus, input:focus { outline: 3px solid #0645ad; outline-offset: 2px; }
        table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
        th, td { border: 1px solid #ccc; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
        td code { word-break: break-all; }
        .error { color: #a00000; font-weight: bold; }
        label { display: block; margin-top: 0.75rem; }
        button { margin-top: 0.75rem; padding: 0.3rem 1rem; }
        dl { display: grid; grid-template-columns: max-content auto; gap: 0.2rem 1rem; }
        dt { font-weight: bold; }
        dd { margin: 0; }
        code.copy { user-select: all; }
        .done { color: #0a5c0a; font-weight: bold; }
        .actions form { display: inline-block; margin-right: 1rem; }
        label.inline { display: inline; }
        fieldset { margin-top: 0.75rem; }
        .note { color: #555; font-size: 0.9em; }
        form.inline { display: inline; }
        form.inline button { margin-top: 0; }
        figure { margin: 0.5rem 0; }
        """;
}
