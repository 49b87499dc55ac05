import Foundation
import Testing

/// A `qctl web --listen 127.0.0.1:0` running in a sandbox: the port and the login link it
/// printed; killed when this goes away.
final class RunningWeb {
    let process: RunningQctl
    /// The line qctl web printed at start.
    let banner: String
    let port: Int

    /// Starts it in `sandbox`, whose broker `qctl broker init` makes first (qctl web opens
    /// only a broker that exists).
    init(_ sandbox: Sandbox, _ arguments: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let setUp = try sandbox.run(["broker", "init"])
        try #require(setUp.status == 0, "qctl broker init: \(setUp.stderr)", sourceLocation: sourceLocation)
        process = try sandbox.start(["web", "--listen", "127.0.0.1:0"] + arguments)
        let process = self.process
        let printed = eventually(timeout: 30) { process.output().stdout.contains("\n") || !process.process.isRunning }
        let output = process.output()
        try #require(printed && process.process.isRunning, "qctl web did not start: \(output.stderr)", sourceLocation: sourceLocation)
        banner = output.stdout.split(separator: "\n").first.map(String.init) ?? ""
        let authority = try #require(banner.firstMatch(of: /http:\/\/127\.0\.0\.1:(\d+)\//), "no address in: \(banner)", sourceLocation: sourceLocation)
        port = Int(authority.1)!
    }

    deinit {
        if process.process.isRunning { kill(process.process.processIdentifier, SIGKILL) }
        process.awaitExit(timeout: 10)
        process.finishWaiting(for: "qctl web")
    }

    /// The token of the printed login link (a generated token).
    var token: String? { banner.firstMatch(of: /login\?token=([0-9a-f]+)/).map { String($0.1) } }

    var http: HTTPProbe { HTTPProbe(port: port) }

    /// Logs in with `token` and returns the cookie header that the next requests send.
    func login(token: String) throws -> [String: String] {
        let response = try http.request("GET", "/login?token=\(token)")
        let cookie = try #require(response.header("Set-Cookie"), "no cookie: \(response.status)")
        return ["Cookie": String(cookie.split(separator: ";")[0])]
    }

    /// The `csrf` field of the first form on `page`.
    static func formKey(in page: String) -> String? {
        page.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/).map { String($0.1) }
    }
}
