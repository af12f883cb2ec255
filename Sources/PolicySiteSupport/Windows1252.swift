/// The Windows-1252 code page: Latin-1 with printable characters (curly quotes, dashes, €, ™) in
/// place of the C1 controls 0x80–0x9F. Both directions are needed: decoding a legacy file, and
/// mojibake repair, which turns characters back into the bytes they were misread from. The five
/// bytes the code page leaves undefined (81, 8D, 8F, 90, 9D) map to the C1 control of their value,
/// as browsers read them, so that every byte has a character and back.
package enum Windows1252 {
    /// The characters of bytes 0x80–0x9F.
    private static let high: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    private static let bytesOfHigh: [UInt32: UInt8] = Dictionary(uniqueKeysWithValues: high.enumerated().map { ($0.element, UInt8(0x80 + $0.offset)) })

    package static func character(of byte: UInt8) -> Unicode.Scalar {
        if (0x80...0x9F).contains(byte), let scalar = Unicode.Scalar(high[Int(byte) - 0x80]) { return scalar }
        return Unicode.Scalar(byte)
    }

    /// The byte a character is written as, nil for a character the code page does not have.
    package static func byte(of scalar: Unicode.Scalar) -> UInt8? {
        if scalar.value < 0x80 || (0xA0...0xFF).contains(scalar.value) { return UInt8(scalar.value) }
        return bytesOfHigh[scalar.value]
    }

    package static func decode(_ bytes: some Sequence<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes { scalars.append(character(of: byte)) }
        return String(scalars)
    }
}
