// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "qctl",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "qctl", targets: ["qctl"]),
        .library(name: "QCluster", targets: ["QCluster"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLMDB",
            pkgConfig: "lmdb",
            providers: [.apt(["liblmdb-dev"])]
        ),
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // libpq linked statically, in debug builds too (docs/decisions.md), from the folder
        // `make deps` fills; no pkgConfig, whose -lpq would find libpq.so first.
        .systemLibrary(name: "CLibPQ"),
        .target(name: "CSpawn"),
        .target(
            name: "QCluster",
            dependencies: [
                "CLMDB",
                "CLibPQ",
                "CSpawn",
                "CYAML",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            linkerSettings: [.unsafeFlags(["-L\(Context.packageDirectory)/.build/libpq-static"])]
        ),
        // `qctl bench`: a library of its own, so that the cluster's library carries no benchmark.
        .target(name: "QClusterBench", dependencies: ["QCluster", "CSpawn"]),
        .executableTarget(
            name: "qctl",
            dependencies: [
                "QCluster",
                "QClusterBench",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // `make order`: the release link's symbol order from a traced enqueue (link/qctl.order).
        .executableTarget(name: "generate-order-file"),
        .testTarget(
            name: "QClusterTests",
            dependencies: ["QCluster"]
        ),
        .testTarget(name: "QClusterBenchTests", dependencies: ["QClusterBench", "QCluster"]),
        .testTarget(name: "qctlTests", dependencies: ["qctl", "QCluster"]),
    ],
    swiftLanguageModes: [.v6]
)
