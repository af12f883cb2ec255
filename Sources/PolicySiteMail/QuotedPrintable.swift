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
        // Bytes are appended one by one, not as a small array each: a message has thousands of
        // them, and an array per byte was the larger part of composing a message.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0D || byte == 0x0A {
                // A line break, whichever way the template wrote it, becomes CRLF.
                if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
                output.append(0x0D)
                output.append(0x0A)
                lineLength = 0
            } else {
                let nextIsLineEnd = index + 1 == bytes.count || bytes[index + 1] == 0x0A || bytes[index + 1] == 0x0D
                let isLiteral = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 0x20 || byte == 0x09) && !nextIsLineEnd)
                let width = isLiteral ? 1 : 3
                if lineLength + width > 75 {  // leave room for the soft break's '='
                    output.append(UInt8(ascii: "="))
                    output.append(0x0D)
                    output.append(0x0A)
                    lineLength = 0
                }
                if isLiteral {
                    output.append(byte)
                } else {
                    output.append(UInt8(ascii: "="))
                    output.append(hex[Int(byte >> 4)])
                    output.append(hex[Int(byte & 0x0F)])
                }
                lineLength += width
            }
            index += 1
        }
        return output
    }

    private static let hex = Array("0123456789ABCDEF".utf8)
}
