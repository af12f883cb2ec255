import Foundation
import PolicySiteSupport

/// Reads a CSV file (RFC 4180) record by record, in fixed-size chunks, so that memory does not
/// grow with the file. It takes LF, CRLF or CR line ends, a UTF-8 byte order mark, and quoted
/// fields that hold commas, doubled quotes and line breaks. It is lenient where spreadsheets are:
/// a quote inside an unquoted field, or text after a closing quote, is kept as text.
package struct CSVReader: ~Copyable {
    private let descriptor: Int32
    private var buffer: [UInt8]
    private var position = 0
    private var filled = 0
    private var line = 1
    private var isAtEnd = false
    private var isAtStart = true
    /// The file, as its problems name it.
    package let file: CSVFile

    /// Opens the file at `url`, following a symbolic link (a users file may be a secret mounted
    /// elsewhere), and refuses anything but a regular file: a named pipe would wait for a
    /// writer for ever, a device such as /dev/zero never ends, a folder is no CSV.
    /// Every problem is thrown as `file` words it.
    package init(file: CSVFile, chunkSize: Int = 1 << 20) throws(Diagnostics) {
        self.file = file
        // O_NONBLOCK, so that opening a named pipe returns at once instead of waiting for a writer.
        let opened = open(file.url.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard opened >= 0 else { throw file.unreadable(errno) }
        var info = stat()
        guard fstat(opened, &info) == 0 else {
            let code = errno
            close(opened)
            throw file.unreadable(code)
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            close(opened)
            throw file.notAFile(FileKind.name(info.st_mode))
        }
        _ = fcntl(opened, F_SETFL, fcntl(opened, F_GETFL) & ~O_NONBLOCK)
        descriptor = opened
        // At least 4 bytes, so that the first read holds a whole byte order mark and more.
        buffer = [UInt8](repeating: 0, count: max(chunkSize, 4))
    }

    /// A file named in problems by its path.
    package init(url: URL, chunkSize: Int = 1 << 20) throws(Diagnostics) {
        try self.init(file: CSVFile(url: url), chunkSize: chunkSize)
    }

    deinit { close(descriptor) }

    private enum State {
        case fieldStart, unquoted, quoted, quoteInQuoted, carriageReturn
    }

    /// Fills `record` with the next record; false at the end of the file.
    package mutating func next(into record: inout CSVRecord) throws(Diagnostics) -> Bool {
        record.reset(line: line)
        var state = State.fieldStart
        var quoteLine = line
        var sawAnything = false
        while true {
            if position == filled {
                try refill()
                if isAtEnd {
                    switch state {
                    case .quoted: throw file.unterminatedQuote(line: quoteLine)
                    case .fieldStart where !sawAnything: return false
                    case .carriageReturn: return true
                    default:
                        record.ends.append(record.bytes.count)
                        return true
                    }
                }
            }
            sawAnything = true
            // Most bytes are plain text: take the whole run up to the next byte that means
            // something in this state at once, rather than one byte a turn of the loop.
            if state == .quoted {
                let end = scan(from: position) { $0 <= Self.quote && ($0 == Self.quote || $0 == Self.lf) }
                if end > position {
                    take(position..<end, into: &record)
                    continue
                }
            } else if state == .unquoted || (state == .fieldStart && buffer[position] != Self.quote) {
                let end = scan(from: position) { $0 <= Self.comma && ($0 == Self.comma || $0 == Self.lf || $0 == Self.cr) }
                if end > position {
                    take(position..<end, into: &record)
                    state = .unquoted
                    continue
                }
            }
            let byte = buffer[position]
            position += 1
            switch state {
            case .carriageReturn:
                // A CR ends the record; a LF right after it belongs to the same line end.
                if byte != Self.lf { position -= 1 }
                return true
            case .quoted:
                if byte == Self.quote {
                    state = .quoteInQuoted
                } else {
                    if byte == Self.lf { line += 1 }
                    record.bytes.append(byte)
                }
                continue
            case .quoteInQuoted:
                if byte == Self.quote {
                    record.bytes.append(byte)
                    state = .quoted
                    continue
                }
            case .fieldStart:
                if byte == Self.quote {
                    state = .quoted
                    quoteLine = line
                    continue
                }
            case .unquoted:
                break
            }
            // Outside quotes: a delimiter, a line end, or text.
            switch byte {
            case Self.comma:
                record.ends.append(record.bytes.count)
                state = .fieldStart
            case Self.lf:
                record.ends.append(record.bytes.count)
                line += 1
                return true
            case Self.cr:
                record.ends.append(record.bytes.count)
                line += 1
                state = .carriageReturn
            default:
                record.bytes.append(byte)
                state = .unquoted
            }
        }
    }

    /// The offset of the first byte from `start` on that `stops` (or the end of what is buffered).
    private func scan(from start: Int, until stops: (UInt8) -> Bool) -> Int {
        buffer.withUnsafeBufferPointer { bytes in
            var index = start
            while index < filled, !stops(bytes[index]) { index += 1 }
            return index
        }
    }

    /// Appends buffered bytes to the field being read, and moves past them.
    private mutating func take(_ range: Range<Int>, into record: inout CSVRecord) {
        buffer.withUnsafeBufferPointer { record.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[range])) }
        position = range.upperBound
    }

    /// Reads the next chunk; at the end of the file, `isAtEnd`. Reads again when the first chunk
    /// was the byte order mark alone (a file of nothing but one), so that a byte is never read
    /// past what was filled.
    private mutating func refill() throws(Diagnostics) {
        while !isAtEnd {
            var count = 0
            repeat {
                count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            } while count < 0 && errno == EINTR
            guard count >= 0 else { throw file.unreadable(errno) }
            position = 0
            filled = count
            isAtEnd = count == 0
            if isAtStart && count >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { position = 3 }
            isAtStart = false
            if position < filled { return }
        }
    }

    private static let comma = UInt8(ascii: ",")
    private static let quote = UInt8(ascii: "\"")
    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")
}
