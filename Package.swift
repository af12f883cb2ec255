// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "policysite",
    products: [
        .executable(name: "policysite", targets: ["policysite"]),
        .library(name: "PolicySiteCore", targets: ["PolicySiteCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.0"),
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
        // The engine: reading, checking, rendering and writing a site.
        .target(
            name: "PolicySiteCore",
            dependencies: [
                "CCmarkGFM",
                "CRenameSwap",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            plugins: ["EmbedThemePlugin"]
        ),
        // policysite serve: the preview server, over FlyingFox.
        .target(
            name: "PolicySitePreview",
            dependencies: ["PolicySiteCore", .product(name: "FlyingFox", package: "FlyingFox")]
        ),
        // The command-line interface, a thin layer over the engine.
        .executableTarget(
            name: "policysite",
            dependencies: [
                "PolicySiteCore",
                "PolicySitePreview",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // mimalloc (Debian's libmimalloc-dev) in place of glibc's malloc for the whole process:
            // a build allocates millions of small blocks across two threads (cmark-gfm's nodes,
            // Swift's strings and arrays), and glibc's allocator took about 15% of its time.
            linkerSettings: [.linkedLibrary("mimalloc", .when(platforms: [.linux]))]
        ),
        // Times the diff of two versions: bench/diff.sh.
        .executableTarget(name: "DiffBenchmark", dependencies: ["PolicySiteCore"]),
        // Turns themes/default into Swift source, so the binary carries the default theme.
        .executableTarget(name: "EmbedTheme"),
        .plugin(
            name: "EmbedThemePlugin",
            capability: .buildTool(),
            dependencies: ["EmbedTheme"]
        ),
        .testTarget(
            name: "PolicySiteCoreTests",
            dependencies: ["PolicySiteCore", .product(name: "Crypto", package: "swift-crypto")],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
