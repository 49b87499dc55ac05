import Glibc
import QCluster
import QClusterWeb

// The server behind `qctl web`, which parses the command line and runs this in its place
// with `--listen ADDRESS [--config PATH]`.
func fail(_ message: String, _ status: ExitStatus) -> Never {
    DescriptorWriter.write("qctl: \(message)\n", to: STDERR_FILENO)
    exit(status.rawValue)
}

var listenText = "127.0.0.1:8080"
var configPath: String?
var arguments = CommandLine.arguments.dropFirst()
while let option = arguments.popFirst() {
    guard let value = arguments.popFirst() else { fail("\(option) needs a value", .usage) }
    switch option {
    case "--listen": listenText = value
    case "--config": configPath = value
    default: fail("unknown option \(option) (qctl-web is started by qctl web)", .usage)
    }
}
do {
    let listen = try ListenAddress(parsing: listenText)
    let configuration = try ConfigLoader().load(explicitPath: configPath)
    try await WebServer(listen: listen, configuration: configuration).run()
} catch let error as any UserFacingError {
    fail(error.description, error.exitStatus)
} catch {
    fail("\(error)", .ioError)
}
