import Crypto
import Foundation
import PolicySiteSupport

/// The layout of one cache entry: a line naming the format, a line with the SHA-256 of the
/// payload and its length, then the payload. An entry is used only when all three agree, so a
/// truncated, damaged or foreign file is a miss rather than a wrong page.
enum CacheEntry {
    /// Bumped whenever the payloads' layout changes, so that old entries are not read.
    static let format = "policysite-cache 2"

    static func encode(_ payload: Data) -> Data {
        var entry = Data("\(format)\n\(Hex.encode(SHA256.hash(data: payload))) \(payload.count)\n".utf8)
        entry.append(payload)
        return entry
    }

    /// The payload when the entry is whole; nil otherwise.
    static func payload(of entry: Data) -> Data? {
        let newline = UInt8(ascii: "\n")
        guard let first = entry.firstIndex(of: newline),
              String(decoding: entry[entry.startIndex..<first], as: UTF8.self) == format,
              let second = entry[(first + 1)...].firstIndex(of: newline) else { return nil }
        let header = String(decoding: entry[(first + 1)..<second], as: UTF8.self).split(separator: " ")
        guard header.count == 2, let length = Int(header[1]) else { return nil }
        let payload = entry[(second + 1)...]
        guard payload.count == length, Hex.encode(SHA256.hash(data: payload)) == header[0] else { return nil }
        return Data(payload)
    }
}
