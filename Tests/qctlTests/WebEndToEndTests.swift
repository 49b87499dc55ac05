import Foundation
import Testing

/// `qctl web` from outside a browser: how it starts and refuses to, the token on every request,
/// and the form key on every action.
@Suite("qctl web: start-up, token and form checks")
struct WebEndToEndTests {
    @Test("--listen that is not a numeric address and a port: one line, exit 64")
    func badListen() throws {
        let sandbox = try Sandbox()
        for text in ["8080", "example.com:80", "127.0.0.1:99999", "::1:8080"] {
            let run = try sandbox.run(["web", "--listen", text])
            #expect(run.status == 64, "\(text): \(run.stderr)")
            #expect(run.stderr.hasPrefix("qctl: --listen \(text): ") && run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        }
    }

    @Test("listening beyond loopback without web.token is refused: one line, exit 78")
    func beyondLoopbackNeedsToken() throws {
        let sandbox = try Sandbox()
        let run = try sandbox.run(["web", "--listen", "0.0.0.0:0"])
        #expect(run.status == 78)
        #expect(run.stderr == "qctl: listening on 0.0.0.0:0, beyond this machine, needs web.token in qcluster.yaml (16 or more characters; a generated token is for loopback only)\n")
        #expect(!FileManager.default.fileExists(atPath: sandbox.file(".qctl/broker.lmdb.web-token")))
    }

    @Test("a web.token shorter than 16 characters is a configuration error")
    func shortToken() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "web:\n  token: short\n")
        let run = try sandbox.run(["web"])
        #expect(run.status == 78)
        #expect(run.stderr.contains("qcluster.yaml:2:10: 'web.token'") && run.stderr.contains("at least 16 characters"), "\(run.stderr)")
    }

    @Test("without a broker: one line, exit 69, and nothing created")
    func noBroker() throws {
        let sandbox = try Sandbox()
        let run = try sandbox.run(["web", "--listen", "127.0.0.1:0"])
        #expect(run.status == 69)
        #expect(run.stderr.hasPrefix("qctl: ") && run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: sandbox.file(".qctl")))
    }

    @Test("a port in use: one line, exit 69")
    func portInUse() throws {
        let sandbox = try Sandbox()
        let web = try RunningWeb(sandbox)
        let run = try sandbox.run(["web", "--listen", "127.0.0.1:\(web.port)"])
        #expect(run.status == 69)
        #expect(run.stderr.hasPrefix("qctl: cannot listen on 127.0.0.1:\(web.port): ") && run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
    }

    @Test("without qctl-web beside qctl: one line, exit 69")
    func serverMissing() throws {
        let sandbox = try Sandbox()
        let lonely = sandbox.file("bin/qctl")
        try FileManager.default.createDirectory(atPath: sandbox.file("bin"), withIntermediateDirectories: true)
        // A hard link, not a copy: a file just written can still be open for writing in a child
        // that another test forked meanwhile, and exec refuses it (ETXTBSY).
        try FileManager.default.linkItem(atPath: try QctlBinary.path(), toPath: lonely)
        var environment = sandbox.environment
        environment["QCTL_BINARY"] = nil
        let process = Process()
        process.executableURL = URL(fileURLWithPath: lonely)
        process.arguments = ["web"]
        process.currentDirectoryURL = URL(fileURLWithPath: sandbox.path)
        let errors = Pipe.forChild()
        process.standardError = errors
        try process.runAlone()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 69)
        #expect(stderr == "qctl: \(sandbox.file("bin/qctl-web")): cannot run it (No such file or directory); it is installed beside qctl (make install)\n")
    }

    @Test("the generated token is kept in a 0600 file beside the broker and printed as a login link")
    func generatedToken() throws {
        let sandbox = try Sandbox()
        let first = try RunningWeb(sandbox)
        let token = try #require(first.token, "\(first.banner)")
        #expect(first.banner == "qctl web: open http://127.0.0.1:\(first.port)/login?token=\(token)")
        let attributes = try FileManager.default.attributesOfItem(atPath: sandbox.file(".qctl/broker.lmdb.web-token"))
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        kill(first.process.process.processIdentifier, SIGTERM)
        #expect(eventually(timeout: 10) { !first.process.process.isRunning })
        #expect(first.process.process.terminationStatus == 0)
        let second = try RunningWeb(sandbox)
        #expect(second.token == token)
    }

    @Test("a generated token file that other users can read is refused: one line, exit 74")
    func readableTokenFile() throws {
        let sandbox = try Sandbox()
        _ = try sandbox.run(["broker", "init"])
        let path = sandbox.file(".qctl/broker.lmdb.web-token")
        try sandbox.write(".qctl/broker.lmdb.web-token", String(repeating: "ab", count: 32) + "\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let run = try sandbox.run(["web", "--listen", "127.0.0.1:0"])
        #expect(run.status == 74)
        #expect(run.stderr == "qctl: \(path): cannot use this generated secret: other users can read it; chmod 600 it, or delete it to generate a new one\n")
    }

    @Test("a configured web.token is not printed")
    func configuredToken() throws {
        let sandbox = try Sandbox()
        try sandbox.write("qcluster.yaml", "web:\n  token: configured-token-0123456789\n")
        let web = try RunningWeb(sandbox)
        #expect(!web.banner.contains("configured-token"), "\(web.banner)")
        #expect(try web.http.request("GET", "/", headers: ["Authorization": "Bearer configured-token-0123456789"]).status == 200)
        #expect(!FileManager.default.fileExists(atPath: sandbox.file(".qctl/broker.lmdb.web-token")))
    }

    @Test("every page, asset and stream needs the token; the login link sets a cookie that does")
    func tokenOnEveryRequest() throws {
        let sandbox = try Sandbox()
        let web = try RunningWeb(sandbox)
        let token = try #require(web.token)
        for path in ["/", "/tasks", "/schedules", "/metrics", "/events/clusters", "/assets/dashboard.js", "/nowhere"] {
            #expect(try web.http.request("GET", path).status == 401, "\(path)")
            #expect(try web.http.request("GET", path, headers: ["Authorization": "Bearer wrong\(token)"]).status == 401, "\(path)")
        }
        #expect(try web.http.request("GET", "/login?token=wrong").status == 401)
        #expect(try web.http.request("GET", "/login?token=\(token)x").status == 401)

        let login = try web.http.request("GET", "/login?token=\(token)")
        #expect(login.status == 303 && login.header("Location") == "/")
        let cookie = try #require(login.header("Set-Cookie"))
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "\(cookie)")
        #expect(!cookie.contains(token), "the cookie carries the token itself: \(cookie)")
        let page = try web.http.request("GET", "/", headers: try web.login(token: token))
        #expect(page.status == 200 && page.body.contains("<h1>Clusters</h1>"))
        #expect(page.header("Content-Security-Policy")?.contains("script-src 'self'") == true)
        #expect(try web.http.request("GET", "/", headers: ["Authorization": "Bearer \(token)"]).status == 200)
    }

    @Test("a form posted without the page's form key changes nothing (403); with it, it acts")
    func formKey() throws {
        let sandbox = try Sandbox()
        _ = try sandbox.run(["enqueue", "--", "true"])
        let web = try RunningWeb(sandbox)
        let cookie = try web.login(token: try #require(web.token))
        let page = try web.http.request("GET", "/", headers: cookie).body
        let key = try #require(RunningWeb.formKey(in: page), "no form on: \(page)")

        // A key one digit off (its first digit changed, whatever it was), or none.
        let forged = (key.first == "0" ? "1" : "0") + key.dropFirst()
        for form in [[:], ["csrf": forged], ["csrf": ""]] as [[String: String]] {
            #expect(try web.http.request("POST", "/queues/default/pause", headers: cookie, form: form).status == 403)
        }
        // The token alone is no form key either: a script with the token uses the CLI.
        #expect(try web.http.request("POST", "/queues/default/pause", headers: ["Authorization": "Bearer \(try #require(web.token))"]).status == 403)
        #expect(try sandbox.run(["info", "--json"]).stdout.contains("\"paused\":false"))

        let paused = try web.http.request("POST", "/queues/default/pause", headers: cookie, form: ["csrf": key])
        #expect(paused.status == 303)
        #expect(try sandbox.run(["info", "--json"]).stdout.contains("\"paused\":true"))
    }

    @Test("on a PostgreSQL broker: pages show its tasks, and after a server restart the next requests work again")
    func postgreSQLBroker() throws {
        let server = try TestPostgres.startPrivate()
        let database = try server.createDatabase()
        let sandbox = try PostgreSQLEndToEndTests.sandbox(url: database.tcpURL + "?connect_timeout=2")
        #expect(try sandbox.run(["enqueue", "--name", "on-postgres", "--", "true"]).status == 0)
        let web = try RunningWeb(sandbox)
        let cookie = try web.login(token: try #require(web.token))
        let tasks = try web.http.request("GET", "/tasks", headers: cookie)
        #expect(tasks.status == 200 && tasks.body.contains("on-postgres"), "\(tasks.status): \(tasks.body.prefix(300))")

        try server.restart()
        // The connection the server dropped fails one request at most (503 with the broker's
        // message); the next one connects again.
        #expect(eventually(timeout: 20) { (try? web.http.request("GET", "/tasks", headers: cookie))?.status == 200 })
        let again = try web.http.request("GET", "/", headers: cookie)
        #expect(again.status == 200 && again.body.contains("data-queue=\"default\""), "\(again.status)")
    }
}
