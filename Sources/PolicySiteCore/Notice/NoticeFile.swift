import Foundation

/// Reads and writes `notice.json`: sorted, pretty-printed JSON.
enum NoticeFile {
    static let fileName = "notice.json"

    static func write(_ notice: Notice, to folder: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try (encoder.encode(notice) + Data("\n".utf8)).write(to: folder.appending(path: fileName))
    }

    static func read(from folder: URL) throws -> Notice {
        try JSONDecoder().decode(Notice.self, from: Data(contentsOf: folder.appending(path: fileName)))
    }
}
