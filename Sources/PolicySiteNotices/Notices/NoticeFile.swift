import Foundation
import PolicySiteSupport

/// Reads and writes `notice.json`: sorted, pretty-printed JSON.
package enum NoticeFile {
    /// The notice's file in its folder.
    package static let fileName = "notice.json"

    static func write(_ notice: Notice, to folder: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try (encoder.encode(notice) + Data("\n".utf8)).write(to: folder.appending(path: fileName))
    }

    /// Why a `notice.json` cannot be read, in words for people.
    package struct ReadError: Error, Sendable, CustomStringConvertible {
        /// What is wrong, in words.
        package var description: String
    }

    /// The notice in `folder`'s `notice.json`; throws why it cannot be read, in words.
    package static func read(from folder: URL) throws(ReadError) -> Notice {
        let descriptor = open(folder.appending(path: fileName).path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            throw ReadError(description: errno == ENOENT ? "the folder has no notice.json" : "notice.json cannot be opened: \(SystemError.phrase(errno))")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw ReadError(description: "notice.json is not a regular file")
        }
        let data: Data
        switch DescriptorReading.readToEnd(descriptor, size: Int(info.st_size)) {
        case .success(let bytes): data = bytes
        case .failure(let failure): throw ReadError(description: "notice.json cannot be read: \(SystemError.phrase(failure.code))")
        }
        do {
            return try JSONDecoder().decode(Notice.self, from: data)
        } catch let error as DecodingError {
            throw ReadError(description: describe(error))
        } catch {
            throw ReadError(description: "notice.json is not a notice as build writes it")
        }
    }

    /// A decoding error as what is wrong with which key.
    private static func describe(_ error: DecodingError) -> String {
        func key(_ path: [any CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .typeMismatch(_, let context) where context.codingPath.isEmpty:
            return "notice.json does not hold a notice as build writes it (a JSON object)"
        case .keyNotFound(let missing, let context):
            return "notice.json has no '\(key(context.codingPath + [missing]))'"
        case .valueNotFound(_, let context), .typeMismatch(_, let context):
            return "'\(key(context.codingPath))' in notice.json is missing or of the wrong kind"
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return "notice.json is not valid JSON"
        case .dataCorrupted(let context):
            return "'\(key(context.codingPath))' in notice.json has a value that cannot be read"
        @unknown default:
            return "notice.json is not a notice as build writes it"
        }
    }
}
