/// Lower-case hexadecimal, as `sha256sum` writes it.
package enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// The bytes in lower-case hex, two digits each.
    package static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var text: [UInt8] = []
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
