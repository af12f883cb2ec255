import Foundation

// Writes a Swift file that holds every file of a theme folder, base64-encoded, keyed by its
// path relative to the folder. Usage: EmbedTheme <theme folder> <output.swift>

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: EmbedTheme <theme folder> <output.swift>\n".utf8))
    exit(64)
}
let folder = URL(fileURLWithPath: arguments[1], isDirectory: true).standardizedFileURL
let output = URL(fileURLWithPath: arguments[2])

var entries: [(String, String)] = []
if let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) {
    for case let file as URL in walker {
        let values = try file.resourceValues(forKeys: [.isRegularFileKey])
        guard values.isRegularFile == true, !file.lastPathComponent.hasPrefix(".") else { continue }
        let relative = String(file.standardizedFileURL.path.dropFirst(folder.path.count + 1))
        entries.append((relative, try Data(contentsOf: file).base64EncodedString()))
    }
}
entries.sort { $0.0 < $1.0 }

var source = """
// Generated from themes/default by the EmbedTheme plugin. Do not edit.

extension BuiltInTheme {
    /// The default theme's files, base64-encoded, by path relative to the theme folder.
    static let encodedFiles: [String: String] = [

"""
for (path, base64) in entries {
    source += "        \"\(path)\": \"\(base64)\",\n"
}
source += entries.isEmpty ? "        :\n    ]\n}\n" : "    ]\n}\n"
try Data(source.utf8).write(to: output, options: .atomic)
