import Foundation

/// `rename(2)`: an atomic move within one file system, with the reason when it fails.
enum Rename {
    static func move(_ source: URL, to destination: URL) throws {
        guard rename(source.path, destination.path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [
                NSFilePathErrorKey: destination.path,
                NSLocalizedDescriptionKey: "cannot rename \(source.path) to \(destination.path): \(String(cString: strerror(errno)))",
            ])
        }
    }
}
