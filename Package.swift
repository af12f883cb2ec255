// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "policysite",
    products: [
        .executable(name: "policysite", targets: ["policysite"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // cmark-gfm, the C library, from Debian's libcmark-gfm-dev and libcmark-gfm-extensions-dev.
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        // Swapping two folders in one step (renameat2 with RENAME_EXCHANGE on Linux, renamex_np
        // with RENAME_SWAP on macOS), which the Glibc module does not expose: a header only.
        .systemLibrary(name: "CRenameSwap", path: "Sources/CRenameSwap"),
        // Files, processes and text: safe reading, atomic writing, locks, escaping, the
        // HTML tag scanner, and the one way to report problems (Diagnostics).
        .target(
            name: "PolicySiteSupport",
            dependencies: ["CRenameSwap", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // Plain Sendable values: days, policies, versions, settings, paths, version references.
        .target(
            name: "PolicySiteModel"
        ),
        // Markdown to HTML: the one wrapper around cmark-gfm, heading anchors.
        .target(
            name: "PolicySiteMarkdown",
            dependencies: ["PolicySiteSupport", "CCmarkGFM"]
        ),
        // What changed between two versions: the redline and its summary.
        .target(
            name: "PolicySiteDiff",
            dependencies: ["PolicySiteModel", "PolicySiteSupport"]
        ),
        // Reading a site's sources: policysite.yml, policies, versions, front matter, themes.
        .target(
            name: "PolicySiteSource",
            dependencies: ["PolicySiteModel", "PolicySiteSupport", .product(name: "Crypto", package: "swift-crypto"), .product(name: "Mustache", package: "swift-mustache"), .product(name: "Yams", package: "Yams")],
            plugins: ["EmbedThemePlugin"]
        ),
        // policysite import: legacy documents (text, Markdown, Windows-1252, web archives, a git
        // history) turned into version files.
        .target(
            name: "PolicySiteImport",
            dependencies: ["PolicySiteModel", "PolicySiteSource", "PolicySiteSupport", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // Who must be told: users, CSV, notices and the outbox with its recipients lists.
        .target(
            name: "PolicySiteNotices",
            dependencies: ["PolicySiteModel", "PolicySiteSupport", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The build: the lock, rendering, feeds and records, staged output, scaffolding.
        .target(
            name: "PolicySiteBuild",
            dependencies: ["PolicySiteDiff", "PolicySiteMarkdown", "PolicySiteModel", "PolicySiteNotices", "PolicySitePostgres", "PolicySiteSource", "PolicySiteSupport", .product(name: "Crypto", package: "swift-crypto"), .product(name: "Mustache", package: "swift-mustache")]
        ),
        // PostgreSQL through postgres-nio: where the database is (a postgres:// URL and the
        // password from the environment), one blocking session for the engine's threads, its
        // errors in words, and the users read from a query through a server-side cursor.
        .target(
            name: "PolicySitePostgres",
            dependencies: ["PolicySiteModel", "PolicySiteNotices", "PolicySiteSupport", .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log"), .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl")]
        ),
        // policysite notify: the ledger, messages and the transports that send them.
        .target(
            name: "PolicySiteMail",
            dependencies: ["PolicySiteModel", "PolicySiteNotices", "PolicySitePostgres", "PolicySiteSource", "PolicySiteSupport", .product(name: "Crypto", package: "swift-crypto"), .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Mustache", package: "swift-mustache"), .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
        // SMTP submission on SwiftNIO and swift-nio-ssl: replies, commands, capabilities, the
        // session, and the MailTransport that notify --smtp uses.
        .target(
            name: "PolicySiteSMTP",
            dependencies: ["PolicySiteMail", "PolicySiteSupport", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl")]
        ),
        // policysite publish: local releases and remote copies.
        .target(
            name: "PolicySitePublish",
            dependencies: ["PolicySiteBuild", "PolicySiteModel", "PolicySiteSource", "PolicySiteSupport"]
        ),
        // policysite serve: the preview server, over FlyingFox.
        .target(
            name: "PolicySitePreview",
            dependencies: ["PolicySiteBuild", "PolicySiteModel", "PolicySiteSource", "PolicySiteSupport", .product(name: "FlyingFox", package: "FlyingFox")]
        ),
        // The command-line interface, a thin layer over the engine.
        .executableTarget(
            name: "policysite",
            dependencies: ["PolicySiteBuild", "PolicySiteImport", "PolicySiteMail", "PolicySiteModel", "PolicySiteNotices", "PolicySitePreview", "PolicySitePublish", "PolicySiteSMTP", "PolicySiteSupport", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            // mimalloc (Debian's libmimalloc-dev) in place of glibc's malloc for the whole process:
            // a build allocates millions of small blocks across two threads (cmark-gfm's nodes,
            // Swift's strings and arrays), and glibc's allocator took about 15% of its time.
            linkerSettings: [.linkedLibrary("mimalloc", .when(platforms: [.linux]))]
        ),
        // Times the diff of two versions: bench/diff.sh.
        .executableTarget(name: "DiffBenchmark", dependencies: ["PolicySiteDiff", "PolicySiteMarkdown"]),
        // Turns themes/default into Swift source, so the binary carries the default theme.
        .executableTarget(name: "EmbedTheme"),
        .plugin(
            name: "EmbedThemePlugin",
            capability: .buildTool(),
            dependencies: ["EmbedTheme"]
        ),
        .testTarget(
            name: "PolicySiteTests",
            dependencies: ["PolicySiteSupport", "PolicySiteModel", "PolicySiteMarkdown", "PolicySiteDiff", "PolicySiteSource", "PolicySiteNotices", "PolicySiteBuild", "PolicySiteImport", "PolicySiteMail", "PolicySitePublish", "PolicySitePreview", "PolicySiteSMTP", "PolicySitePostgres", .product(name: "Crypto", package: "swift-crypto"), .product(name: "PostgresNIO", package: "postgres-nio")],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
