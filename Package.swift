// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "qctl",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "qctl", targets: ["qctl"]),
        .executable(name: "qctl-web", targets: ["qctl-web"]),
        .library(name: "QCluster", targets: ["QCluster"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
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
        // `qctl web`'s server: an executable of its own, which `qctl web` execs, so that no other
        // command carries Hummingbird, NIO and Foundation (docs/decisions.md).
        .target(
            name: "QClusterWeb",
            dependencies: [
                "QCluster",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "qctl-web",
            dependencies: ["QClusterWeb"]
        ),
        // `make order`: the release link's symbol order from a traced enqueue (link/qctl.order).
        .executableTarget(name: "generate-order-file"),
        .testTarget(
            name: "QClusterTests",
            dependencies: ["QCluster"]
        ),
        .testTarget(name: "QClusterBenchTests", dependencies: ["QClusterBench", "QCluster"]),
        .testTarget(name: "qctlTests", dependencies: ["qctl", "QCluster"]),
        // The dashboard's pages rendered from values the tests make: no server, no broker.
        .testTarget(name: "QClusterWebTests", dependencies: ["QClusterWeb", "QCluster"]),
    ],
    swiftLanguageModes: [.v6]
)
