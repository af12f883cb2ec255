import Crypto
import Foundation
import PolicySiteSupport

/// Writes a CSV file (RFC 4180, CRLF line ends) through a buffer, cell by cell. Every cell is
/// formula-safe: one that a spreadsheet would run (it begins with `=`, `+`, `-`, `@`, tab or CR)
/// gets a leading `'`, as does one that already begins with `'`, so that `CSVCell.restore`
/// can always undo it. It counts the rows and hashes the bytes it writes, so that a reader can
/// tell the file is whole. A writer belongs to one thread.
final class CSVWriter {
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var isRowStart = true
    private var failure: String?
    private var hash = SHA256()
    /// Rows written so far, the header row included.
    private(set) var rowCount = 0
    /// The file, as its problems name it.
    let file: CSVFile

    /// Creates (or truncates) the file.
    init(file: CSVFile) throws(Diagnostics) {
        self.file = file
        descriptor = open(file.url.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw file.unwritable(SystemError.phrase(errno)) }
        buffer.reserveCapacity(Self.flushSize + 4096)
    }

    deinit { close(descriptor) }

    func row(_ cells: String...) {
        for cell in cells { self.cell(cell) }
        endRow()
    }

    func cell(_ text: String) {
        if !isRowStart { buffer.append(UInt8(ascii: ",")) }
        isRowStart = false
        var text = text
        text.withUTF8 { bytes in
            let needsQuotes = bytes.contains(where: CSVCell.needsQuotes)
            if needsQuotes { buffer.append(UInt8(ascii: "\"")) }
            if let first = bytes.first, CSVCell.isNeutralised(first) { buffer.append(UInt8(ascii: "'")) }
            if needsQuotes {
                for byte in bytes {
                    buffer.append(byte)
                    if byte == UInt8(ascii: "\"") { buffer.append(byte) }
                }
                buffer.append(UInt8(ascii: "\""))
            } else {
                buffer.append(contentsOf: bytes)
            }
        }
    }

    func cell(_ number: Int) { cell(String(number)) }

    func endRow() {
        buffer.append(0x0D)
        buffer.append(0x0A)
        isRowStart = true
        rowCount += 1
        if buffer.count >= Self.flushSize { flush() }
    }

    /// Writes what is buffered; throws the first write error met since the file was opened.
    /// Returns the SHA-256 of every byte written, in lower-case hex.
    @discardableResult
    func finish() throws(Diagnostics) -> String {
        flush()
        if let failure { throw file.unwritable(failure) }
        return Hex.encode(hash.finalize())
    }

    private func flush() {
        guard failure == nil else { return }
        buffer.withUnsafeBytes { hash.update(bufferPointer: $0) }
        if let code = buffer.withUnsafeBytes({ DescriptorWriting.writeAll($0, to: descriptor) }) {
            failure = SystemError.phrase(code)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private static let flushSize = 1 << 18
}

/// The formula-safety rule of every CSV policysite writes.
enum CSVCell {
    /// Whether a cell beginning with this byte gets a leading `'`.
    static func isNeutralised(_ first: UInt8) -> Bool {
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D, UInt8(ascii: "'"): return true
        default: return false
        }
    }

    /// Whether a cell holding this byte is written in double quotes.
    static func needsQuotes(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: "\""), 0x0A, 0x0D: return true
        default: return false
        }
    }

    /// The text of a cell as written by `CSVWriter`, without its protective `'`.
    static func restore(_ cell: Substring) -> Substring {
        guard cell.hasPrefix("'"), let next = cell.utf8.dropFirst().first, isNeutralised(next) else { return cell }
        return cell.dropFirst()
    }
}
