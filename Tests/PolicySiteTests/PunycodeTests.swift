@testable import PolicySiteNotices
import Testing

/// Punycode against the sample strings of RFC 3492 section 7.1 (code points as listed there;
/// the RFC writes some encodings with mixed-case annotations, compared here without case).
@Suite struct PunycodeTests {
    static let vectors: [(name: String, codePoints: [UInt32], encoded: String)] = [
        ("(A) Arabic (Egyptian)", [0x0644, 0x064A, 0x0647, 0x0645, 0x0627, 0x0628, 0x062A, 0x0643, 0x0644, 0x0645, 0x0648, 0x0634, 0x0639, 0x0631, 0x0628, 0x064A, 0x061F],
         "egbpdaj6bu4bxfgehfvwxn"),
        ("(B) Chinese (simplified)", [0x4ED6, 0x4EEC, 0x4E3A, 0x4EC0, 0x4E48, 0x4E0D, 0x8BF4, 0x4E2D, 0x6587], "ihqwcrb4cv8a8dqg056pqjye"),
        ("(C) Chinese (traditional)", [0x4ED6, 0x5011, 0x7232, 0x4EC0, 0x9EBD, 0x4E0D, 0x8AAA, 0x4E2D, 0x6587], "ihqwctvzc91f659drss3x8bo0yb"),
        ("(E) Hebrew", [0x05DC, 0x05DE, 0x05D4, 0x05D4, 0x05DD, 0x05E4, 0x05E9, 0x05D5, 0x05D8, 0x05DC, 0x05D0, 0x05DE, 0x05D3, 0x05D1, 0x05E8, 0x05D9,
                        0x05DD, 0x05E2, 0x05D1, 0x05E8, 0x05D9, 0x05EA], "4dbcagdahymbxekheh6e0a7fei0b"),
        ("(L) Japanese 3<nen>B<gumi><kinpachi><sensei>", [0x0033, 0x5E74, 0x0042, 0x7D44, 0x91D1, 0x516B, 0x5148, 0x751F], "3B-ww4c5e180e575a65lsy2b"),
        ("(O) Japanese <hitotsu><yane><no><shita>2", [0x3072, 0x3068, 0x3064, 0x5C4B, 0x6839, 0x306E, 0x4E0B, 0x0032], "2-u9tlzr9756bt3uc0v"),
        ("(P) Japanese Maji<de>Koi<suru>5<byou><mae>", [0x004D, 0x0061, 0x006A, 0x0069, 0x3067, 0x004B, 0x006F, 0x0069, 0x3059, 0x308B, 0x0035, 0x79D2, 0x524D],
         "MajiKoi5-783gue6qz075azm5e"),
        ("(Q) Japanese <pafii>de<runba>", [0x30D1, 0x30D5, 0x30A3, 0x30FC, 0x0064, 0x0065, 0x30EB, 0x30F3, 0x30D0], "de-jg4avhby1noc0d"),
        ("(R) Japanese <sono><supiido><de>", [0x305D, 0x306E, 0x30B9, 0x30D4, 0x30FC, 0x30C9, 0x3067], "d9juau41awczczp"),
        ("(S) ASCII only", [0x002D, 0x003E, 0x0020, 0x0024, 0x0031, 0x002E, 0x0030, 0x0030, 0x0020, 0x003C, 0x002D], "-> $1.00 <--"),
        ("German", Array("bücher".unicodeScalars.map(\.value)), "bcher-kva"),
    ]

    @Test(arguments: vectors.indices)
    func encodesAndDecodesTheRFCSamples(_ index: Int) throws {
        let vector = Self.vectors[index]
        let scalars = vector.codePoints.compactMap(Unicode.Scalar.init)
        #expect(Punycode.encode(scalars) == vector.encoded, "\(vector.name)")
        #expect(Punycode.decode(vector.encoded) == scalars, "\(vector.name)")
        // Basic code points keep the case they are given in; the encoded digits ignore it.
        let decoded = Punycode.decode(vector.encoded.uppercased()).map { String(String.UnicodeScalarView($0)) }
        #expect(decoded == scalars.map { $0.isASCII ? String($0).uppercased() : String($0) }.joined(), "\(vector.name): decoding ignores case")
    }

    @Test(arguments: ["bcher-kv!", "bcher-kv\u{e4}", "99999999999999", "zzzzzzzzzzzzzzzzzzzz", "a-", "-9", "bcher-kv"])
    func malformedInputIsRefusedNotCrashedOn(_ input: String) {
        // A character that is no digit, a value past Unicode or an overflow, a number that ends
        // early: nil, and never a crash. ("a-" is valid Punycode for "a": no encoded part.)
        let decoded = Punycode.decode(input)
        if input == "a-" { #expect(decoded == ["a"]) } else { #expect(decoded == nil, "\(input)") }
    }
}
