/// Quoted-printable (RFC 2045 section 6.7) for a text body: lines end in CRLF, no line passes 76
/// characters (soft line breaks `=`), and `=`, bytes outside printable ASCII, and a space or tab
/// at the end of a line are written as `=XX`.
enum QuotedPrintable {
    static func encode(_ text: String) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        var lineLength = 0
        let bytes = Array(text.utf8)
        var index = 0
        func emit(_ piece: [UInt8]) {
            if lineLength + piece.count > 75 {  // leave room for the soft break's '='
                output += [UInt8(ascii: "="), 0x0D, 0x0A]
                lineLength = 0
            }
            output += piece
            lineLength += piece.count
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0D || byte == 0x0A {
                // A line break, whichever way the template wrote it, becomes CRLF.
                if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
                output += [0x0D, 0x0A]
                lineLength = 0
            } else {
                let nextIsLineEnd = index + 1 == bytes.count || bytes[index + 1] == 0x0A || bytes[index + 1] == 0x0D
                let isLiteral = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 0x20 || byte == 0x09) && !nextIsLineEnd)
                emit(isLiteral ? [byte] : [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            }
            index += 1
        }
        return output
    }

    private static let hex = Array("0123456789ABCDEF".utf8)
}
