namespace Hsi.Api;

/// <summary>When the API's arguments name a JasperFx command (Marten's <c>projections</c>, <c>db-apply</c>, ...) rather than options to serve with.</summary>
public static class JasperFxCommandLine
{
    /// <summary>
    /// A first argument that is a word, not an option (<c>--urls</c>) or a <c>key=value</c> setting: only then
    /// does <c>RunJasperFxCommands</c> run; serving stays with <c>RunAsync</c>, so a failed start keeps its one-line reason.
    /// </summary>
    public static bool IsCommand(string[] args) =>
        args is [var first, ..] && !first.StartsWith('-') && !first.Contains('=');

    /// <summary>
    /// Marten 9's projections command takes its action as a word (<c>projections rebuild</c>); the documented
    /// <c>projections --rebuild</c> (and <c>--list</c>, <c>--run</c>) of earlier versions means the same.
    /// </summary>
    public static string[] Normalize(string[] args) => args is ["projections", .. var rest]
        ? ["projections", .. rest.Select(a => a is "--rebuild" or "--list" or "--run" ? a[2..] : a)]
        : args;
}
