import Foundation
import PackagePlugin

/// Embeds the repository's `themes/default` into the engine as generated Swift source, so that
/// the one copy of the default theme in the repository is also the one built into the binary.
@main
struct EmbedThemePlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let themeFolder = context.package.directoryURL.appending(path: "themes/default")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedDefaultTheme.swift")
        return [
            .buildCommand(
                displayName: "Embedding themes/default",
                executable: try context.tool(named: "EmbedTheme").url,
                arguments: [themeFolder.path(), output.path()],
                inputFiles: files(under: themeFolder),
                outputFiles: [output]
            )
        ]
    }

    private func files(under folder: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(
            at: folder, includingPropertiesForKeys: [.isRegularFileKey]
        ) else { return [] }
        return walker.compactMap { $0 as? URL }
            .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
            .sorted { $0.path() < $1.path() }
    }
}
